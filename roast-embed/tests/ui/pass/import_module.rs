// `from helpers import clamp` finds `helpers.roast` beside this file.
roast_embed::roast! {
    from helpers import clamp

    def clamp_all(xs: list[int]) -> list[int]:
        return [clamp(x, 0, 10) for x in xs]
}

fn main() {
    assert_eq!(clamp_all(&[-5, 5, 50]), vec![0, 5, 10]);
    assert_eq!(clamp(11, 0, 10), 10);
}
