// Float loops: counts the points of a grid inside the Mandelbrot set.
fn mandel(size: usize, max_iter: u32) -> (u64, u64) {
    let mut inside = 0;
    let mut total_iter = 0;
    let fsize = size as f64;
    for py in 0..size {
        let ci = 2.0 * py as f64 / fsize - 1.0;
        for px in 0..size {
            let cr = 2.0 * px as f64 / fsize - 1.5;
            let (mut zr, mut zi) = (0.0f64, 0.0f64);
            let mut k = 0;
            while k < max_iter && zr * zr + zi * zi <= 4.0 {
                let t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                k += 1;
            }
            if k == max_iter {
                inside += 1;
            }
            total_iter += k as u64;
        }
    }
    (inside, total_iter)
}

fn main() {
    let size: usize = std::env::args().nth(1).map_or(500, |s| s.parse().unwrap());
    let (inside, total_iter) = mandel(size, 50);
    println!("size {}: {} points inside, {} iterations", size, inside, total_iter);
}
