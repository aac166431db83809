//! The limits a reading worker puts on itself before it reads anything.
//!
//! - Linux and other Unix: `setrlimit(RLIMIT_AS)`, the address space. An allocation past it
//!   fails, and Rust then aborts the worker with "memory allocation of … bytes failed" on stderr,
//!   which the app turns into "读取时占用内存过多". (macOS does not enforce RLIMIT_AS; there a
//!   worker can only be stopped by the time limit.)
//! - Windows: a Job Object with a per-process memory limit, to the same effect.
//!
//! The time limit is not set here: the app kills a worker that does not answer in time
//! (`super::process`).

/// Limits this process's memory to `memory_mb`. Best effort: a platform refusal leaves the
/// worker with the time limit only.
pub fn apply_to_this_process(memory_mb: u64) {
    let bytes = memory_mb.saturating_mul(1024 * 1024);
    #[cfg(unix)]
    unix::limit_address_space(bytes);
    #[cfg(windows)]
    windows::limit_job_memory(bytes);
    #[cfg(not(any(unix, windows)))]
    let _ = bytes;
}

#[cfg(unix)]
mod unix {
    pub fn limit_address_space(bytes: u64) {
        set(libc::RLIMIT_AS, bytes);
        // A worker that aborts at its memory limit must not leave a core file of that size.
        set(libc::RLIMIT_CORE, 0);
    }

    // glibc types the resource as an unsigned int; other libcs as an int.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    type Resource = libc::__rlimit_resource_t;
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    type Resource = libc::c_int;

    fn set(resource: Resource, value: u64) {
        let limit = libc::rlimit {
            rlim_cur: value as libc::rlim_t,
            rlim_max: value as libc::rlim_t,
        };
        // SAFETY: setrlimit only reads the struct passed by reference.
        if unsafe { libc::setrlimit(resource, &limit) } != 0 {
            eprintln!(
                "read-worker: setrlimit: {}",
                std::io::Error::last_os_error()
            );
        }
    }
}

#[cfg(windows)]
mod windows {
    use windows_sys::Win32::System::JobObjects::{
        AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation,
        SetInformationJobObject, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
        JOB_OBJECT_LIMIT_PROCESS_MEMORY,
    };
    use windows_sys::Win32::System::Threading::GetCurrentProcess;

    pub fn limit_job_memory(bytes: u64) {
        // SAFETY: plain Win32 calls on a job object created here; the info struct is a
        // zero-initialised POD of the size passed. The job handle stays open for the life of
        // the process (closing it would not lift the limit, but there is no reason to).
        unsafe {
            let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
            if job.is_null() {
                return;
            }
            let mut info: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = std::mem::zeroed();
            info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY;
            info.ProcessMemoryLimit = usize::try_from(bytes).unwrap_or(usize::MAX);
            let set = SetInformationJobObject(
                job,
                JobObjectExtendedLimitInformation,
                (&info as *const JOBOBJECT_EXTENDED_LIMIT_INFORMATION).cast(),
                std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
            );
            if set == 0 || AssignProcessToJobObject(job, GetCurrentProcess()) == 0 {
                eprintln!("read-worker: {}", std::io::Error::last_os_error());
            }
        }
    }
}
