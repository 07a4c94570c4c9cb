// Allocation-heavy trees: binary-trees, each tree an arena of nodes linked by index
// (the same shape as the Roast program).
struct Tree {
    nodes: Vec<Option<(usize, usize)>>,
}

impl Tree {
    fn bottom_up(depth: u32) -> Tree {
        let mut tree = Tree { nodes: Vec::new() };
        tree.make(depth);
        tree
    }

    fn make(&mut self, depth: u32) -> usize {
        let idx = self.nodes.len();
        self.nodes.push(None);
        if depth > 0 {
            let lo = self.make(depth - 1);
            let hi = self.make(depth - 1);
            self.nodes[idx] = Some((lo, hi));
        }
        idx
    }

    fn check(&self, idx: usize) -> u64 {
        match self.nodes[idx] {
            None => 1,
            Some((lo, hi)) => 1 + self.check(lo) + self.check(hi),
        }
    }
}

fn main() {
    let min_depth = 4;
    let max_depth: u32 = std::env::args().nth(1).map_or(15, |s| s.parse().unwrap()).max(min_depth + 2);
    let stretch = max_depth + 1;
    println!("stretch tree of depth {}\t check: {}", stretch, Tree::bottom_up(stretch).check(0));
    let long_lived = Tree::bottom_up(max_depth);
    for depth in (min_depth..=max_depth).step_by(2) {
        let iterations = 1u64 << (max_depth - depth + min_depth);
        let check: u64 = (0..iterations).map(|_| Tree::bottom_up(depth).check(0)).sum();
        println!("{}\t trees of depth {}\t check: {}", iterations, depth, check);
    }
    println!("long lived tree of depth {}\t check: {}", max_depth, long_lived.check(0));
}
