// Classes: a struct with pub fields and an impl; a subclass standing for its base.
roast_embed::roast! {
    class Shape:
        def __init__(self, name: str) -> None:
            self.name = name

        def area(self) -> float:
            return 0.0

    class Rect(Shape):
        def __init__(self, w: float, h: float) -> None:
            super().__init__("rect")
            self.w = w
            self.h = h

        def area(self) -> float:
            return self.w * self.h

    def total_area(shapes: list[Shape]) -> float:
        return sum(s.area() for s in shapes)

    def demo() -> float:
        shapes: list[Shape] = [Rect(2.0, 3.0), Shape("dot")]
        return total_area(shapes)
}

fn main() {
    let r = Rect::new(1.5, 2.0);
    assert_eq!(r.area(), 3.0);
    assert_eq!(r.name, "rect");
    assert_eq!(demo(), 6.0);
}
