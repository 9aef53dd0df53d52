/// Repeated calls of `f` that take at least 50 ms: the count.
fn calibrate(f: &mut impl FnMut()) -> u64 {
    let mut iters = 1u64;
    loop {
        let t = Instant::now();
        for _ in 0..iters {
            f();
        }
        if t.elapsed() >= Duration::from_millis(50) {
            return iters;
        }
        iters *= 2;
    }
}

/// Seconds per call of `f`, over `iters` calls.
fn sample(f: &mut impl FnMut(), iters: u64) -> f64 {
    let t = Instant::now();
    for _ in 0..iters {
        f();
    }
    t.elapsed().as_secs_f64() / iters as f64
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[samples.len() / 2]
}

/// Seconds per call: the median of 9 samples, each at least 50 ms of repeated calls.
fn per_call(mut f: impl FnMut()) -> f64 {
    let iters = calibrate(&mut f);
    median((0..9).map(|_| sample(&mut f, iters)).collect())
}

/// Seconds per call of `f` and of `g`, measured in turns (a sample of `f`, then one of `g`, nine
/// times): the medians of each. A ratio of the two then compares calls that ran under the same
/// conditions, which two blocks timed one after the other on a shared machine do not.
#[allow(dead_code)]
fn per_call_pair(mut f: impl FnMut(), mut g: impl FnMut()) -> (f64, f64) {
    let (fi, gi) = (calibrate(&mut f), calibrate(&mut g));
    let (mut fs, mut gs) = (Vec::new(), Vec::new());
    for _ in 0..9 {
        fs.push(sample(&mut f, fi));
        gs.push(sample(&mut g, gi));
    }
    (median(fs), median(gs))
}
