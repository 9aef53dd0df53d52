//! A small work queue over scoped threads: results come back in input order, so output never
//! depends on scheduling.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Calls `f(0..n)` on up to `jobs` threads (0: one per core) and returns the results in index
/// order. A panic in `f` propagates when the scope ends (callers catch their own panics first).
pub fn map_indexed<T, F>(n: usize, jobs: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync,
{
    let jobs = if jobs == 0 { std::thread::available_parallelism().map(|p| p.get()).unwrap_or(1) } else { jobs };
    let jobs = jobs.min(n).max(1);
    if jobs == 1 {
        return (0..n).map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<T>>> = (0..n).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let value = f(i);
                    *slots[i].lock().expect("slot") = Some(value);
                }
            });
        }
    });
    slots.into_iter().map(|s| s.into_inner().expect("slot").expect("every index ran")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_whatever_the_thread_count() {
        for jobs in [0, 1, 2, 7] {
            let out = map_indexed(100, jobs, |i| i * i);
            assert_eq!(out, (0..100).map(|i| i * i).collect::<Vec<_>>(), "jobs {jobs}");
        }
        assert!(map_indexed(0, 4, |i| i).is_empty());
    }
}
