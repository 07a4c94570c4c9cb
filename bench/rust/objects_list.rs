// Structs in a Vec: particles updated in place, then measured and sorted.
struct Particle {
    x: f64,
    y: f64,
    vx: f64,
    vy: f64,
    bounces: u64,
}

fn make_particles(n: usize) -> Vec<Particle> {
    let mut seed: i64 = 99;
    let mut next = move || {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        seed
    };
    (0..n)
        .map(|_| {
            let x = (next() % 10000) as f64 / 100.0;
            let y = (next() % 10000) as f64 / 100.0;
            let vx = (next() % 2001 - 1000) as f64 / 1000.0;
            let vy = (next() % 2001 - 1000) as f64 / 1000.0;
            Particle { x, y, vx, vy, bounces: 0 }
        })
        .collect()
}

fn step(ps: &mut [Particle], dt: f64) {
    for p in ps.iter_mut() {
        p.x += p.vx * dt;
        p.y += p.vy * dt;
        if p.x < 0.0 || p.x > 100.0 {
            p.vx = -p.vx;
            p.bounces += 1;
        }
        if p.y < 0.0 || p.y > 100.0 {
            p.vy = -p.vy;
            p.bounces += 1;
        }
    }
}

fn main() {
    let n: usize = std::env::args().nth(1).map_or(20000, |s| s.parse().unwrap());
    let mut ps = make_particles(n);
    for _ in 0..200 {
        step(&mut ps, 0.5);
    }
    let energy: f64 = ps.iter().map(|p| 0.5 * (p.vx * p.vx + p.vy * p.vy)).sum();
    let bounces: u64 = ps.iter().map(|p| p.bounces).sum();
    let dist2 = |p: &Particle| p.x * p.x + p.y * p.y;
    let mut far: Vec<&Particle> = ps.iter().collect();
    far.sort_by(|a, b| dist2(a).total_cmp(&dist2(b)));
    let (near, farthest) = (far[0], far[n - 1]);
    println!("energy {:.6}, bounces {}", energy, bounces);
    println!(
        "nearest ({:.4}, {:.4}), farthest ({:.4}, {:.4})",
        near.x, near.y, farthest.x, farthest.y
    );
}
