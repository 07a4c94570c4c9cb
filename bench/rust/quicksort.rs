// List sorting by hand: an in-place recursive quicksort of pseudo-random ints.
fn quicksort(a: &mut [i64]) {
    if a.len() < 2 {
        return;
    }
    let pivot = a[(a.len() - 1) / 2];
    let (mut i, mut j) = (0isize, a.len() as isize - 1);
    while i <= j {
        while a[i as usize] < pivot {
            i += 1;
        }
        while a[j as usize] > pivot {
            j -= 1;
        }
        if i <= j {
            a.swap(i as usize, j as usize);
            i += 1;
            j -= 1;
        }
    }
    let (left, right) = a.split_at_mut(i as usize);
    quicksort(&mut left[..(j + 1) as usize]);
    quicksort(right);
}

fn main() {
    let n: usize = std::env::args().nth(1).map_or(500000, |s| s.parse().unwrap());
    let mut seed: i64 = 42;
    let mut a: Vec<i64> = (0..n)
        .map(|_| {
            seed = (seed * 1103515245 + 12345) % 2147483648;
            seed % 1000000
        })
        .collect();
    quicksort(&mut a);
    let ok = a.windows(2).all(|w| w[0] <= w[1]);
    let checksum = a[1..].iter().fold(0, |c, &x| (c * 31 + x) % 1000000007);
    println!(
        "sorted: {}, min {}, max {}, median {}, checksum {}",
        if ok { "True" } else { "False" },
        a[0],
        a[n - 1],
        a[n / 2],
        checksum
    );
}
