//! Work nobody is waiting for, run so that it never slows what someone is
//! waiting for: the corpus's index built or checked while the reader is in
//! use. It runs on a thread pool of its own, apart from the one the finder
//! searches on, and (on Linux) every thread doing it gives the processor
//! up to the interface and the finder whenever they want it.
//!
//! Once such work is done, [`give_back_memory`] returns what it freed to
//! the system at once (the allocator would otherwise keep it until the
//! reader next allocates, which an idle reader never does).
//!
//! This module only schedules; it never decides what the work is.

use std::sync::OnceLock;

/// How far background threads step back: the scheduler gives a thread
/// this nice about a tenth of the share of one at the default, so the
/// finder's searches run at nearly full speed during a build, while the
/// build still moves on a busy machine.
const NICENESS: i32 = 10;

/// Runs `work` on this thread, lowered, with every parallel iterator
/// inside it running on the background pool. Without a pool of its own
/// (the threads could not be started) it runs on the shared one.
pub fn run<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    lower_this_thread();
    match pool() {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// The background pool: one thread per core, each lowered as it starts.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("background-{i}"))
            .start_handler(|_| lower_this_thread())
            .build()
            .ok()
    })
    .as_ref()
}

/// Lowers the calling thread's priority (Linux: its nice value; a thread
/// elsewhere keeps its priority, which only costs the finder some speed
/// during a build).
pub fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: `gettid` and `setpriority` only read their arguments;
        // on Linux, PRIO_PROCESS with a thread id sets that one thread's
        // nice value. Raising one's own nice needs no privilege; a failure
        // leaves the priority as it was, which is harmless.
        #[allow(unsafe_code)]
        unsafe {
            let thread = libc::gettid();
            let _ = libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, NICENESS);
        }
    }
}

/// Returns memory freed by finished work to the system: mimalloc (the
/// reader's allocator) purges freed pages only on later allocations, so
/// an idle reader would keep the peak of a finished index build resident.
/// Cheap; harmless when another allocator is in use.
///
/// Each thread's freed memory is its own heap's to return: this thread's
/// is returned now, and every thread of the background pool returns its
/// own when it is next free, without this call waiting for it. The shared
/// pool is left alone: the finder searches on it, and a collection there
/// (tens of milliseconds on a big heap) would hold a keystroke's search.
pub fn give_back_memory() {
    collect_this_thread();
    if let Some(pool) = pool() {
        pool.spawn_broadcast(|_| collect_this_thread());
    }
}

/// [`give_back_memory`], and every thread of the shared pool too, waiting
/// for them: only for the end of work done before the finder exists (a
/// corpus's first pass, which folds its titles on the shared pool).
pub fn give_back_memory_everywhere() {
    give_back_memory();
    rayon::broadcast(|_| collect_this_thread());
}

/// Returns this thread's freed memory to the system, and only this
/// thread's: for a thread of its own that allocates in bursts (the
/// full-text search thread, after each answer).
pub fn give_back_this_threads_memory() {
    collect_this_thread();
}

fn collect_this_thread() {
    // SAFETY: `mi_collect` takes no pointers; it only walks mimalloc's own
    // free lists and returns unused pages to the system.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}

/// This thread's nice value (Linux), for tests.
#[cfg(all(test, target_os = "linux"))]
fn this_thread_niceness() -> i32 {
    // SAFETY: as in `lower_this_thread`; `getpriority` only reads.
    #[allow(unsafe_code)]
    unsafe {
        libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t)
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn background_work_runs_lowered_on_a_pool_of_its_own() {
        let before = this_thread_niceness();
        let (caller, workers) = std::thread::spawn(|| {
            run(|| {
                let workers: Vec<(i32, Option<String>)> = (0..64)
                    .into_par_iter()
                    .map(|_| {
                        (
                            this_thread_niceness(),
                            std::thread::current().name().map(str::to_string),
                        )
                    })
                    .collect();
                (this_thread_niceness(), workers)
            })
        })
        .join()
        .expect("background thread");
        assert!(caller >= NICENESS.min(19), "the calling thread: {caller}");
        for (niceness, name) in workers {
            let name = name.unwrap_or_default();
            // `install` may run part of the work on the calling thread.
            assert!(niceness >= NICENESS.min(19), "{name}: {niceness}");
            assert!(name.starts_with("background-") || name.is_empty(), "{name}");
        }
        // Threads that did not ask keep their priority.
        assert_eq!(this_thread_niceness(), before);
    }
}
