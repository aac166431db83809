//! Reading workers forked from the command-line checker at its start, on Linux (issue 26).
//!
//! A worker started the usual way (`nianbao read-worker`) is a second run of a 90 MB program:
//! the kernel maps it and the dynamic linker relocates it again, about 4 ms of the 14 ms that
//! `nianbao check one.pdf` takes. A copy made by `fork` shares the pages already relocated, so
//! it is ready to read at once. It is the same worker: it limits its own memory and runs
//! [`super::serve`] on pipes in place of stdin, stdout and stderr, and the app talks to it, waits
//! for it and kills it as any other ([`Forked`]).
//!
//! Forking is only sound while the process has a single thread (a child of a threaded process
//! may find a lock held forever), so [`prestart`] forks only when `/proc/self/task` shows one
//! thread, and `check` calls it before anything else. The desktop app always starts its workers
//! the usual way, and so does `check` for any worker past the first few (a worker that crashed
//! or timed out is replaced by a fresh one).

use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;

/// A worker process forked from this one, seen from here.
pub struct Forked {
    pid: libc::pid_t,
    /// Its exit status, once reaped: the pid may be reused after that and must not be signalled.
    status: Option<ExitStatus>,
}

/// The app's ends of a forked worker's stdin, stdout and stderr.
pub struct Ends {
    pub stdin: File,
    pub stdout: File,
    pub stderr: File,
}

impl Forked {
    pub fn id(&self) -> u32 {
        self.pid.unsigned_abs()
    }

    pub fn kill(&mut self) -> io::Result<()> {
        if self.status.is_some() {
            return Ok(());
        }
        // SAFETY: a plain syscall on a child of this process that has not been reaped yet.
        if unsafe { libc::kill(self.pid, libc::SIGKILL) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    pub fn wait(&mut self) -> io::Result<ExitStatus> {
        loop {
            match self.reap(0)? {
                Some(status) => return Ok(status),
                None => continue,
            }
        }
    }

    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        self.reap(libc::WNOHANG)
    }

    fn reap(&mut self, flags: libc::c_int) -> io::Result<Option<ExitStatus>> {
        if let Some(status) = self.status {
            return Ok(Some(status));
        }
        let mut raw: libc::c_int = 0;
        // SAFETY: waitpid writes the status to the int passed; the pid is our own child.
        let got = unsafe { libc::waitpid(self.pid, &mut raw, flags) };
        match got {
            0 => Ok(None),
            pid if pid == self.pid => {
                let status = ExitStatus::from_raw(raw);
                self.status = Some(status);
                Ok(Some(status))
            }
            _ => {
                let e = io::Error::last_os_error();
                if e.kind() == io::ErrorKind::Interrupted {
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }
}

/// Forks up to `count` reading workers limited to `memory_mb` each, if this process has a single
/// thread; fewer (or none) when a pipe or a fork fails, or when there are threads already.
pub fn prestart(count: usize, memory_mb: u64) -> Vec<(Forked, Ends)> {
    if count == 0 || !single_threaded() {
        return Vec::new();
    }
    let mut started: Vec<(Forked, Ends)> = Vec::new();
    for _ in 0..count {
        match fork_one(memory_mb, &started) {
            Ok(one) => started.push(one),
            Err(_) => break,
        }
    }
    started
}

/// Whether this process runs one thread only (Linux: the entries of `/proc/self/task`).
fn single_threaded() -> bool {
    std::fs::read_dir("/proc/self/task").is_ok_and(|tasks| tasks.count() == 1)
}

/// A pipe, both ends closed on exec (no program is run from here; it keeps them out of the
/// helpers the app may start later).
fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: pipe2 writes two new descriptors into the array, which are then owned here.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both descriptors were just opened and belong to nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

fn fork_one(memory_mb: u64, earlier: &[(Forked, Ends)]) -> io::Result<(Forked, Ends)> {
    let (stdin_read, stdin_write) = pipe()?;
    let (stdout_read, stdout_write) = pipe()?;
    let (stderr_read, stderr_write) = pipe()?;
    // SAFETY: this process has a single thread (checked by the caller), so the child is a whole
    // copy of it and may run any code, as after `main` began.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid == 0 {
        // The child never returns from here.
        be_worker(
            memory_mb,
            [&stdin_read, &stdout_write, &stderr_write],
            [&stdin_write, &stdout_read, &stderr_read],
            earlier,
        );
    }
    drop((stdin_read, stdout_write, stderr_write));
    Ok((
        Forked { pid, status: None },
        Ends {
            stdin: File::from(stdin_write),
            stdout: File::from(stdout_read),
            stderr: File::from(stderr_read),
        },
    ))
}

/// In the forked child: its ends of the pipes become stdin, stdout and stderr; every other end
/// it inherited is closed, the app's ends above all (a worker holding the write end of its own
/// stdin, or of an earlier worker's, would never see it end); then the worker loop runs until
/// the app closes stdin.
fn be_worker(
    memory_mb: u64,
    own: [&OwnedFd; 3],
    apps: [&OwnedFd; 3],
    earlier: &[(Forked, Ends)],
) -> ! {
    for (target, fd) in own.iter().enumerate() {
        // SAFETY: dup2 onto 0, 1 and 2 of this (single-threaded) process.
        if unsafe { libc::dup2(fd.as_raw_fd(), target as libc::c_int) } < 0 {
            // SAFETY: leaving the child at once; nothing of the parent's is flushed twice.
            unsafe { libc::_exit(3) };
        }
    }
    let earlier_ends = earlier.iter().flat_map(|(_, e)| {
        [
            e.stdin.as_raw_fd(),
            e.stdout.as_raw_fd(),
            e.stderr.as_raw_fd(),
        ]
    });
    let pipes = own.iter().chain(apps.iter()).map(|fd| fd.as_raw_fd());
    // Rust's runtime opens 0, 1 and 2 before `main`, so every pipe lies above them; should one
    // not, it was replaced by the dup2 above and must stay.
    for fd in pipes.chain(earlier_ends).filter(|&fd| fd > 2) {
        // SAFETY: closing descriptors this child inherited and will never use. Their owners in
        // the copied memory are never dropped (the child leaves by `exit`), so none is closed
        // twice.
        unsafe { libc::close(fd) };
    }
    // As `MALLOC_ARENA_MAX=2` does for a worker started the usual way (see process.rs).
    #[cfg(target_env = "gnu")]
    // SAFETY: a glibc tuning call with no pointers.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
    let status = super::serve(memory_mb);
    std::process::exit(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_with_a_second_thread_forks_nothing() {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let other = std::thread::spawn(move || rx.recv());
        assert!(!single_threaded());
        assert!(prestart(2, 1000).is_empty());
        drop(tx);
        let _ = other.join();
    }
}
