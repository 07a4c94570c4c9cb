//! What every target checks: `roast::compile_bytes` on any bytes gives output or diagnostics,
//! never a panic or a stack overflow, and every diagnostic renders with a code and a location.
//! It runs on a thread with the stack the `roast` binary gives the compiler.

use roast::{diagnostics, Code, Stage};

pub fn run(data: &[u8], stage: Stage) {
    let data = data.to_vec();
    let worker = std::thread::Builder::new()
        .stack_size(roast::COMPILER_STACK_SIZE)
        .spawn(move || one(&data, stage))
        .expect("spawn the compiler thread");
    if let Err(panic) = worker.join() {
        std::panic::resume_unwind(panic);
    }
}

fn one(data: &[u8], stage: Stage) {
    let (file, result) = roast::compile_bytes("fuzz.roast", data, stage);
    let diags = match result {
        Ok(_) => return,
        Err(diags) => diags,
    };
    assert!(!diags.is_empty(), "a failure without a diagnostic");
    for d in &diags {
        assert!(
            d.code != Code::Internal,
            "internal error: {}",
            diagnostics::render(&file, std::slice::from_ref(d))
        );
    }
    let rendered = diagnostics::render(&file, &diags);
    assert!(rendered.contains("-->"), "no location: {rendered}");
}
