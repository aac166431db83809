//! Reading files into a neutral [`Document`]: lines of text and tables of cells, in reading order.
//!
//! One module per input kind; each turns bytes into a `Document` or a [`ReadError`] that says in
//! Chinese why it could not. The type is decided from the file's first bytes ([`sniff`]), the
//! extension only breaks ties. Third-party parsers can panic or hang, so every reader runs behind
//! [`read_bytes`], which contains panics and bounds the time.

pub mod archive;
pub mod budget;
mod density;
pub mod discover;
pub mod doc;
pub mod docx;
pub mod furniture;
mod grid;
pub mod html;
pub mod list;
pub mod ofd;
pub mod open;
mod pages;
mod path_text;
pub mod pdf;
pub mod scan;
pub mod sheet;
pub mod sniff;
pub mod txt;
mod xml;
pub(crate) mod zipped;

use crate::source::FileKind;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub use path_text::path_text;
pub use sniff::Sniffed;

/// A table cell as the source laid it out. Cells covered by a merge are not repeated: each merged
/// cell appears once, in the row and column where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    pub text: String,
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
}

/// A table from a DOCX, HTML page or spreadsheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// Row by row, each row's cells left to right.
    pub rows: Vec<Vec<GridCell>>,
}

/// One line of text. Fields a source separates into columns (tabs in text, wide gaps in a PDF)
/// are separated by `\t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// 1-based page for PDFs.
    pub page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Line(Line),
    Table(Grid),
}

/// What every reader produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub kind: FileKind,
    pub blocks: Vec<Block>,
    /// Text read by OCR from page images, and where it is in `blocks` (empty for text layers).
    pub ocr: Vec<scan::OcrMark>,
}

impl Document {
    pub fn new(kind: FileKind) -> Document {
        Document {
            kind,
            blocks: Vec::new(),
            ocr: Vec::new(),
        }
    }

    pub fn push_line(&mut self, text: impl Into<String>, page: Option<u32>) {
        self.blocks.push(Block::Line(Line {
            text: text.into(),
            page,
        }));
    }

    /// True when there is no visible character at all (an empty file, a scan's empty text layer).
    pub fn is_blank(&self) -> bool {
        self.blocks.iter().all(|b| match b {
            Block::Line(l) => l.text.trim().is_empty(),
            Block::Table(g) => g.rows.iter().flatten().all(|c| c.text.trim().is_empty()),
        })
    }
}

/// Why a file could not be read. `Display` is the sentence shown to the clerk. Serialisable:
/// the reading workers (`crate::worker`) send it back to the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReadError {
    /// The file could not be opened or read from disk.
    Io(String),
    /// A folder, device, FIFO or socket where a file was expected; the string says which.
    NotRegular(String),
    /// A folder of a folder walk that could not be opened; the string says why.
    FolderUnreadable(String),
    /// A link to a folder met in a folder walk: not followed, since links can make a loop.
    LinkedFolder,
    Empty,
    /// A file type we do not read (images, archives, executables…); the string names it.
    Unsupported(String),
    /// A PDF without a text layer whose page images could not be read either.
    Scanned,
    /// A scan or image met, but the OCR models are missing or broken; the string says which,
    /// in Chinese (`scan::models::ModelError`).
    OcrUnavailable(String),
    /// The clerk cancelled the reading before this file was done.
    Cancelled,
    /// A scanned page whose image is compressed in a way this program does not decode; the
    /// string names the compression (JBIG2, JPEG 2000…).
    ImageFilter(String),
    Encrypted,
    /// The file is damaged or truncated; the string says what the parser saw.
    Corrupt(String),
    /// A Word 97 / WPS file we could not read; it should be saved as .docx or .pdf.
    LegacyWord(String),
    /// The file itself is bigger than [`MAX_FILE_BYTES`].
    TooLarge {
        limit_mb: u64,
    },
    /// A small package (.docx, .xlsx, .ods) whose parts unpack to more than a report could hold:
    /// a damaged or deliberately built "zip bomb".
    UnpacksTooLarge {
        limit_mb: u64,
    },
    Timeout {
        seconds: u64,
    },
    /// A parser crashed on the file; the crash was contained.
    Crashed(String),
    /// The file was read but holds neither the report's tables nor its sections.
    NotAReport,
    /// A comparison workbook this program exported, dropped back in.
    OwnWorkbook,
    /// The reading worker went over its memory limit and was stopped (`crate::worker`).
    OutOfMemory {
        limit_mb: u64,
    },
    /// The reading worker ended without an answer (a crash, a signal); the string says how.
    WorkerFailed(String),
    /// A zip with more entries than any attachment of reports ([`archive::MAX_ENTRIES`]).
    TooManyEntries {
        limit: usize,
    },
    /// A zip with no file in it (only folders, or nothing).
    EmptyArchive,
    /// An archive inside a zip: not opened, so that archives cannot nest without end.
    NestedArchive,
    /// A member of a zip with a password.
    EncryptedMember,
    /// A member of a zip that could not be unpacked (damage, an unusual compression method); the
    /// string says what the zip reader saw.
    MemberUnreadable(String),
    /// A 7z or RAR archive, which this program does not open; the string names it.
    ArchiveNotOpened(String),
    /// The file holds far more of something than any report (cells a few bytes unfold to,
    /// page elements, numbers); the string says what, in a phrase that follows "文件中".
    Bloated(String),
    /// A reader was refused an allocation it asked for (the reading worker's memory limit) and
    /// stopped: a long scan or a very large image, more often than a damaged file. A worker
    /// aborted by the allocator is [`ReadError::OutOfMemory`] instead.
    AllocationRefused,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "无法打开文件：{e}"),
            ReadError::FolderUnreadable(why) => {
                write!(f, "无法打开这个文件夹（{why}），其中的报告都没有读取。")
            }
            ReadError::LinkedFolder => write!(
                f,
                "这是指向文件夹的链接，为避免循环没有进入。如需读取其中的报告，请直接打开它指向的文件夹。"
            ),
            ReadError::NotRegular(what) => {
                write!(f, "{what}，不是普通文件，已跳过。")
            }
            ReadError::OutOfMemory { limit_mb } => write!(
                f,
                "读取时占用内存过多（超过 {limit_mb} MB），已停止，其他文件不受影响。文件可能已损坏或是恶意构造的。"
            ),
            ReadError::WorkerFailed(detail) => write!(
                f,
                "读取时程序出错（{detail}），已停止，其他文件不受影响。文件可能已损坏。"
            ),
            ReadError::Empty => write!(f, "文件是空的，没有任何内容。"),
            ReadError::Unsupported(what) => write!(
                f,
                "不支持此类文件（{what}）。请导入 PDF、OFD、Word（.docx/.doc/.wps）、Excel（.xlsx/.xls/.ods）、网页（.html）或文本（.txt）格式的年度报告。"
            ),
            ReadError::Scanned => write!(
                f,
                "这是扫描件或图片型 PDF，没有可提取的文字。请向报送单位索取 Word 或可复制文字的 PDF 版本。"
            ),
            ReadError::OcrUnavailable(why) => write!(f, "{why}"),
            ReadError::Cancelled => write!(f, "已取消读取：这个文件没有读完。需要时请重新拖入或打开它。"),
            ReadError::ImageFilter(what) => write!(
                f,
                "这是扫描件，但其中的图片采用 {what} 压缩格式，本程序暂不能解码，无法识别文字。请向报送单位索取 Word、可复制文字的 PDF，或 JPG/PNG 格式的扫描图片。"
            ),
            ReadError::Encrypted => write!(
                f,
                "PDF 已加密（设置了打开密码或权限保护），无法读取。请报送单位提供未加密的版本。"
            ),
            ReadError::Corrupt(detail) => {
                write!(f, "文件已损坏或不完整，无法读取（{detail}）。请重新下载或索取原文件。")
            }
            ReadError::LegacyWord(detail) => write!(
                f,
                "无法读取这个 Word 97/WPS 旧格式文件（{detail}）。请在 Word 或 WPS 中“另存为”.docx 或 PDF 后再导入。"
            ),
            ReadError::TooLarge { limit_mb } => write!(
                f,
                "文件超过 {limit_mb} MB，不像是一份年度报告，已跳过。"
            ),
            ReadError::UnpacksTooLarge { limit_mb } => write!(
                f,
                "文件解压后的内容超过 {limit_mb} MB（文件本身不大，但内部数据异常膨胀，可能已损坏或是恶意构造的压缩包），不像是一份年度报告，已跳过。"
            ),
            ReadError::Timeout { seconds } => write!(
                f,
                "读取超过 {seconds} 秒仍未完成（读取超时），已停止。文件可能已损坏或结构异常。"
            ),
            ReadError::OwnWorkbook => write!(
                f,
                "这是本程序导出的汇总核查工作簿，不是年度报告，已跳过。"
            ),
            ReadError::NotAReport => write!(
                f,
                "文件中没有找到政府信息公开工作年度报告的表格或章节（如“三、收到和处理政府信息公开申请情况”），不像是一份年度报告。"
            ),
            ReadError::Bloated(what) => write!(
                f,
                "文件中{what}，远超一份年度报告可能有的数量（文件可能已损坏，或是恶意构造的），已跳过。"
            ),
            ReadError::TooManyEntries { limit } => write!(
                f,
                "压缩包中的文件超过 {limit} 个，远超一次报送可能有的数量（压缩包可能已损坏或是恶意构造的），没有打开。请解压后只导入其中的报告。"
            ),
            ReadError::EmptyArchive => write!(f, "压缩包中没有任何文件。"),
            ReadError::NestedArchive => write!(
                f,
                "这是压缩包里的另一个压缩包，为安全起见没有打开。请先把它解压出来，再导入其中的报告。"
            ),
            ReadError::EncryptedMember => write!(
                f,
                "压缩包中的这个文件设置了密码，无法读取。请报送单位提供不加密码的压缩包，或解压后再导入。"
            ),
            ReadError::MemberUnreadable(detail) => write!(
                f,
                "无法从压缩包中解压这个文件（{detail}）。压缩包可能已损坏，或用了不常见的压缩方式：请解压后直接导入其中的报告，或请报送单位用系统自带的“压缩”功能重新打包。"
            ),
            ReadError::ArchiveNotOpened(kind) => write!(
                f,
                "这是 {kind} 压缩包。本程序只打开 ZIP 压缩包，不打开 {kind}：请先解压（右键“解压到当前文件夹”），再导入其中的报告；也可以请报送单位改用 ZIP 格式。"
            ),
            ReadError::AllocationRefused => write!(
                f,
                "读取时内存不足（超出了读取进程的内存上限），已停止，其他文件不受影响。页数很多的扫描件或很大的图片会这样：请把它拆成几个文件（例如每份 10 页）再分别读取。其他文件出现这种情况，则可能已损坏。"
            ),
            ReadError::Crashed(detail) => write!(
                f,
                "解析此文件时出错（{detail}），已跳过，其他文件不受影响。文件可能已损坏。"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Files bigger than this are not annual reports (the largest real ones are a few MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// How long one file may take to read before we give up on it.
pub const READ_TIMEOUT: Duration = Duration::from_secs(20);

/// Reads a file from disk into a document: regular files only, see [`open::read_regular`].
pub fn read_file(path: &Path) -> Result<Document, ReadError> {
    let bytes = open::read_regular(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    read_bytes(&name, bytes)
}

/// What a file given to read holds: a document, or the files of a zip (each read on its own by
/// [`read_member`]).
#[derive(Debug)]
pub enum Contents {
    Document(Document),
    Archive(Vec<archive::Member>),
}

/// Reads a file as [`read_file`] does, but lists a zip's files where `read_file` refuses it.
pub fn read_or_list(path: &Path) -> Result<Contents, ReadError> {
    let bytes = open::read_regular(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            limit_mb: MAX_FILE_BYTES / 1024 / 1024,
        });
    }
    run_bounded(READ_TIMEOUT, move || {
        if sniff::sniff(&name, &bytes) == Sniffed::Zip {
            return archive::list(&bytes).map(Contents::Archive);
        }
        read_unbounded(&name, &bytes).map(Contents::Document)
    })
}

/// Reads file `index` of the zip at `path` (see [`archive::list`]): its name inside the zip and
/// the document it holds.
pub fn read_member(path: &Path, index: usize) -> Result<(String, Document), ReadError> {
    let bytes = open::read_regular(path)?;
    let (inner, data) = run_bounded(READ_TIMEOUT, move || archive::member_bytes(&bytes, index))?;
    if let Some(why) = archive::not_a_report(&inner, &data) {
        return Err(why);
    }
    let doc = read_bytes(&inner, data)?;
    Ok((inner, doc))
}

/// Reads bytes (named `name`, used only for its extension) into a document, with any parser
/// panic contained and the time bounded by [`READ_TIMEOUT`].
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> Result<Document, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            limit_mb: MAX_FILE_BYTES / 1024 / 1024,
        });
    }
    let name = name.to_string();
    run_bounded(READ_TIMEOUT, move || read_unbounded(&name, &bytes))
}

/// Decides the type and calls the reader. No panic containment here: see [`read_bytes`].
pub fn read_unbounded(name: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    let doc = match sniff::sniff(name, bytes) {
        Sniffed::Pdf => pdf::read(bytes),
        Sniffed::Docx => docx::read(bytes),
        Sniffed::Sheet(sniff::SheetKind::Xlsx) if discover::is_own_workbook(bytes) => {
            Err(ReadError::OwnWorkbook)
        }
        Sniffed::Sheet(kind) => sheet::read(bytes, kind),
        Sniffed::Doc => doc::read(bytes),
        Sniffed::Ofd => ofd::read(bytes),
        Sniffed::Html => html::read(bytes),
        Sniffed::Text => txt::read(bytes),
        Sniffed::Image(kind) => scan::read_image_file(bytes, kind),
        // A zip given as a file is listed instead ([`read_or_list`]), one inside a zip is not
        // opened ([`archive::list`]): one met here was given where no zip is expected.
        Sniffed::Zip => Err(ReadError::Unsupported("ZIP 压缩包".into())),
        Sniffed::OtherArchive(kind) => Err(ReadError::ArchiveNotOpened(kind)),
        Sniffed::Other(what) => Err(ReadError::Unsupported(what)),
    }?;
    density::check(&doc)?;
    Ok(doc)
}

/// Runs `work` on its own thread; a panic becomes [`ReadError::Crashed`], and if it has not
/// finished after `limit` the caller gets [`ReadError::Timeout`]. Rust cannot kill the thread, so
/// it is told its deadline and our own loops end it at their next [`budget::checkpoint`].
pub fn run_bounded<T, F>(limit: Duration, work: F) -> Result<T, ReadError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ReadError> + Send + 'static,
{
    let (tx, rx) = mpsc::channel();
    let deadline = budget::Deadline::new(limit);
    let for_thread = deadline.clone();
    let spawned = std::thread::Builder::new()
        .name("nianbao-read".into())
        .stack_size(16 * 1024 * 1024)
        .spawn(move || {
            let shared = for_thread.clone();
            budget::install(for_thread);
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
                .unwrap_or_else(|p| {
                    Err(if p.is::<budget::OutOfTime>() {
                        ReadError::Timeout {
                            seconds: shared.limit().as_secs(),
                        }
                    } else if refused_allocation(&p) {
                        ReadError::AllocationRefused
                    } else {
                        ReadError::Crashed(panic_text(&p))
                    })
                });
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        return Err(ReadError::Io(format!("无法启动读取线程：{e}")));
    }
    // The reader may extend its deadline (scanned pages): wait until the latest one.
    loop {
        let now = Instant::now();
        let wait = deadline
            .at()
            .map_or(Duration::ZERO, |at| at.saturating_duration_since(now));
        match rx.recv_timeout(wait) {
            Ok(r) => return r,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if deadline.at().is_none_or(|at| Instant::now() >= at) {
                    return Err(ReadError::Timeout {
                        seconds: deadline.limit().as_secs(),
                    });
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(ReadError::Crashed("读取线程意外退出".into()))
            }
        }
    }
}

/// Whether a reader's panic is an allocation it was refused: tract asserts on a null
/// allocation ("failed to allocate Layout { … }") rather than letting the allocator abort.
fn refused_allocation(p: &Box<dyn std::any::Any + Send>) -> bool {
    panic_text(p).starts_with("failed to allocate")
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    let msg = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".into());
    // Keep it short: this ends up in a list row.
    msg.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_reader_is_contained() {
        let r: Result<Document, _> = run_bounded(Duration::from_secs(5), || panic!("boom"));
        assert_eq!(r, Err(ReadError::Crashed("boom".into())));
    }

    #[test]
    fn an_allocation_refused_says_to_split_a_long_scan_not_that_the_file_is_damaged() {
        let r: Result<Document, _> = run_bounded(Duration::from_secs(5), || {
            panic!("failed to allocate Layout {{ size: 92012544, align: 64 (1 << 6) }}")
        });
        assert_eq!(r, Err(ReadError::AllocationRefused));
        let said = ReadError::AllocationRefused.to_string();
        assert!(
            said.contains("内存不足") && said.contains("拆成几个文件"),
            "{said}"
        );
    }

    #[test]
    fn a_hanging_reader_times_out() {
        let r = run_bounded(Duration::from_millis(100), || {
            std::thread::sleep(Duration::from_secs(3));
            Ok(Document::new(FileKind::Text))
        });
        assert_eq!(r, Err(ReadError::Timeout { seconds: 0 }));
    }

    #[test]
    fn a_timed_out_worker_stops_at_its_next_checkpoint() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        struct SetOnDrop(Arc<AtomicBool>);
        impl Drop for SetOnDrop {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let ended = Arc::new(AtomicBool::new(false));
        let guard = SetOnDrop(ended.clone());
        let r: Result<(), _> = run_bounded(Duration::from_millis(100), move || {
            let _guard = guard;
            loop {
                budget::checkpoint();
                std::hint::spin_loop();
            }
        });
        assert_eq!(r, Err(ReadError::Timeout { seconds: 0 }));
        let waited = Instant::now();
        while !ended.load(Ordering::SeqCst) {
            assert!(
                waited.elapsed() < Duration::from_secs(5),
                "worker still running"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn a_worker_out_of_time_before_the_caller_notices_reports_a_timeout() {
        let r: Result<(), _> = run_bounded(Duration::ZERO, || loop {
            budget::checkpoint();
        });
        assert_eq!(r, Err(ReadError::Timeout { seconds: 0 }));
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert_eq!(
            read_bytes("a.txt", b" \n\t ".to_vec()),
            Err(ReadError::Empty)
        );
    }
}
