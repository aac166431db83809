//! A batch in which a zip stands for the files inside it, for the command line and the app alike.
//!
//! First every job is read; a file that is a zip answers with its files ([`Output::Members`]),
//! listed in a worker under the zip caps (`read::archive`). Then each of those files that may be
//! a report is read in a worker of its own ([`Job::Member`]) and becomes one result, named
//! `x.zip › inner/path.pdf`; the others (images, a zip inside the zip, a file with a password)
//! become a result with the reason, never dropped in silence.

use super::protocol::Reply;
use super::{as_report, Job, Output, Reader};
use crate::read::archive::{member_label, Member};
use std::path::PathBuf;
use std::sync::Mutex;

/// One result of a batch: of the `given`-th job, or of one file inside it when it was a zip.
#[derive(Debug)]
pub struct Done {
    pub given: usize,
    /// For a file inside a zip: its place among the zip's files, and its label
    /// (`x.zip › a.pdf`, the zip named as the job named it).
    pub member: Option<(usize, String)>,
    pub reply: Reply,
}

/// A zip found in the first round: which job it was, its path, its files.
type Found = (usize, PathBuf, Vec<Member>);

/// Reads every job, and the files inside every zip among them. `done` is called for each result
/// as it comes (from several threads); `more(n)` says that `n` results more than jobs are coming
/// (a zip of 5 files gives 4 more), before they come.
pub fn run_expanding(
    reader: &Reader,
    jobs: Vec<Job>,
    more: &(dyn Fn(usize) + Sync),
    done: &(dyn Fn(Done) + Sync),
) {
    let paths: Vec<Option<PathBuf>> = jobs
        .iter()
        .map(|job| match job {
            Job::Path(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    let zips: Mutex<Vec<Found>> = Mutex::new(Vec::new());
    reader.run_all_outputs(jobs, &|given, outcome| match (outcome, paths.get(given)) {
        (Ok(Output::Members(members)), Some(Some(path))) => zips
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((given, path.clone(), members)),
        (outcome, _) => done(Done {
            given,
            member: None,
            reply: as_report(outcome),
        }),
    });
    let mut zips = zips.into_inner().unwrap_or_else(|p| p.into_inner());
    zips.sort_by_key(|z| z.0);
    read_members(reader, zips, more, done);
}

/// The second round: every file of every zip found, read or said why not.
fn read_members(
    reader: &Reader,
    zips: Vec<Found>,
    more: &(dyn Fn(usize) + Sync),
    done: &(dyn Fn(Done) + Sync),
) {
    let mut jobs = Vec::new();
    let mut about = Vec::new();
    for (given, path, members) in zips {
        // The zip itself was counted as one result; `list` never returns an empty list.
        more(members.len().saturating_sub(1));
        let zip_name = crate::read::path_text(&path);
        for (place, member) in members.into_iter().enumerate() {
            let label = member_label(&zip_name, &member.name);
            match member.skip {
                Some(why) => done(Done {
                    given,
                    member: Some((place, label)),
                    reply: Err(why),
                }),
                None => {
                    jobs.push(Job::Member {
                        path: path.clone(),
                        index: member.index,
                    });
                    about.push((given, place, label));
                }
            }
        }
    }
    reader.run_all(jobs, &|i, reply| {
        let Some((given, place, label)) = about.get(i) else {
            return;
        };
        done(Done {
            given: *given,
            member: Some((*place, label.clone())),
            reply,
        })
    });
}

/// Reads every job and the files inside every zip, in order: each job's result, or in its place
/// the results of the files inside it, in the zip's order.
pub fn read_all_expanding(reader: &Reader, jobs: Vec<Job>) -> Vec<Done> {
    let results = Mutex::new(Vec::new());
    run_expanding(reader, jobs, &|_| {}, &|d| {
        results.lock().unwrap_or_else(|p| p.into_inner()).push(d)
    });
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|d| (d.given, d.member.as_ref().map(|m| m.0)));
    results
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::zipped::tests::zip_of;
    use crate::read::ReadError;

    const REPORT: &str = include_str!("../../assets/samples/hongsibu_2023.txt");

    #[test]
    fn a_zip_becomes_one_result_per_file_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let zip = dir.path().join("乡镇.zip");
        let bytes = zip_of(&[
            ("甲/报告.txt", REPORT.as_bytes()),
            ("图.png", b"\x89PNG\r\n\x1a\n...."),
        ]);
        std::fs::write(&zip, bytes).unwrap();
        let plain = dir.path().join("乙.txt");
        std::fs::write(&plain, REPORT).unwrap();
        let results = read_all_expanding(
            &Reader::InProcess,
            vec![Job::Path(zip.clone()), Job::Path(plain)],
        );
        let zip_name = crate::read::path_text(&zip);
        let seen: Vec<(usize, Option<String>, bool)> = results
            .iter()
            .map(|d| (d.given, d.member.clone().map(|m| m.1), d.reply.is_ok()))
            .collect();
        assert_eq!(
            seen,
            [
                (0, Some(format!("{zip_name} › 甲/报告.txt")), true),
                (0, Some(format!("{zip_name} › 图.png")), false),
                (1, None, true),
            ]
        );
        let report = results[0].reply.as_ref().unwrap();
        assert_eq!(report.file, format!("{zip_name} › 甲/报告.txt"));
        assert!(matches!(
            results[1].reply,
            // A picture is read as a scan; this one is no real PNG, and the message names it.
            Err(ReadError::Corrupt(ref what)) if what.contains("PNG")
        ));
    }
}
