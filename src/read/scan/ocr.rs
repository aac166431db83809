//! The OCR engine: PP-OCRv6 small text detection and recognition, run in pure Rust (tract:
//! detection and the crops' preparation through pure-onnx-ocr's stages, recognition through
//! [`super::recogniser`]), giving each piece of text with its box, its confidence and, per
//! character, the other characters it could have been.
//!
//! The stages are called one by one rather than through pure-onnx-ocr's `OcrEngine`, because its
//! results keep only the text: the per-character alternatives come from the recognition logits
//! (the softmax at the step where the character peaks), and they are what lets a doubtful digit be
//! tried against the table's sums.

use super::models::{self, ModelError, DET_MODEL, REC_MODEL};
use super::recogniser::Recogniser;
use super::{charset, glyph};
use super::{CharRead, Word};
use image::{imageops, DynamicImage, GenericImageView, RgbImage};
pub use pure_onnx_ocr::Quad;
use pure_onnx_ocr::{
    crop_quad, DetInferenceSession, DetLimitType, DetPolygonUnclipper, DetPolygonUnclipperConfig,
    DetPostProcessor, DetPostProcessorConfig, DetPreProcessor, DetPreProcessorConfig,
    RecDictionary, RecPreProcessor, RecPreProcessorConfig,
};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use tract_onnx::prelude::tract_ndarray as ndarray;

/// The machine the app targets has two cores; more threads only contend.
const THREADS: usize = 2;
/// Detection runs on the page scaled so that its longer side is at most this many pixels: a
/// 200 dpi A4 page (2339 px high) keeps its body text about 20 px high, which the detector finds
/// reliably, at half the cost of full size.
const DET_LONG_SIDE: u32 = 1664;
/// Recognition height of the PP-OCRv6 recogniser.
const REC_HEIGHT: u32 = 48;
/// Each text crop is recognised on its own, padded on the right to the narrowest of these
/// widths that holds it (one compiled plan per width, all kept: [`REC_PLANS`]). On its own,
/// because tract runs this model on one image in about 60 % of the time a column takes in a
/// batch of several (113 µs against 190–210 µs on one core); on a ladder of a few widths,
/// because a table page's crops come in some twenty widths, and a plan per exact width (even at
/// 0.04 s each, [`super::recogniser`]) is more than can be kept: plans dropped and compiled
/// again grew a fax's worker past its 1,000 MB limit. Crops are not laid side by side on one
/// input either: the recogniser's attention then mixes them, and a fax's labels and figures
/// read worse.
const REC_WIDTHS: [u32; 11] = [64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048];
/// Widest crop at the recogniser's height: a wider one is squeezed to it, as PaddleOCR does.
const REC_MAX_WIDTH: u32 = 3200;
/// Crops are read on this many threads at once, each single-threaded: the recogniser's layers
/// are too small for tract to split one crop across cores (one core stayed idle, and the
/// spinning workers cost seconds of system time a page).
const REC_WORKERS: usize = 2;
/// Compiled plans kept: detection (one per page size), recognition (one per width of
/// [`REC_WIDTHS`], and one for the rare line wider than them all). Each holds about 20 MB of
/// its own: with 16 recognition plans of batches a 4-page scan reached 1,003 MB of address
/// space in its worker, against the worker's 1,000 MB limit; with these 12 plans of one crop
/// it peaks at about 720 MB.
const DET_PLANS: usize = 2;
const REC_PLANS: usize = REC_WIDTHS.len() + 1;
/// Other readings of a character are kept from this probability up, at most this many.
const ALTERNATIVE_FLOOR: f32 = 0.01;
const MAX_ALTERNATIVES: usize = 3;
/// Boxes read both ways up to tell an upside-down page, the widest first; fewer than the
/// minimum (a page of a few figures) tell nothing, and the page is left as it is.
const ORIENTATION_SAMPLE: usize = 8;
const ORIENTATION_MIN: usize = 3;
/// Of each box, this many characters (its height each) are read both ways; narrower boxes are
/// not read.
const ORIENTATION_CHARS: u32 = 3;
/// The page is upside down when its boxes turned over read surer by this much on average.
const TURNED_MARGIN: f32 = 0.1;
/// How sure a lone `1` that is one leaning stroke is a `/` ([`Crop::slash_not_one`]): the lean of
/// a straight stroke with no bar across it is no guess, and the sums still check the cell.
const SHAPE_SURE: f32 = 0.95;
/// Pieces read with less confidence than this are noise (a seal's ring, a stroke, a smudge).
const MIN_CONFIDENCE: f32 = 0.3;
/// A box this much taller than wide is still horizontal text (a lone "1" in a narrow cell):
/// it is cropped as it stands, never turned as PaddleOCR turns vertical text.
const UPRIGHT_RATIO: f64 = 1.5;

/// A word read from a page image, with where each of its characters sits along the box.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadWord {
    pub word: Word,
    /// Per character of `word.chars`: its horizontal centre in image pixels.
    pub centres: Vec<f32>,
}

pub struct Engine {
    det_pre: DetPreProcessor,
    det: DetInferenceSession,
    det_post: DetPostProcessor,
    unclip: DetPolygonUnclipper,
    rec: Recogniser,
    dictionary: RecDictionary,
    /// Per class of the recogniser's output: whether its characters may be given
    /// ([`charset::entry_readable`]; the blank is).
    allowed: Vec<bool>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Engine({} characters)", self.dictionary.len())
    }
}

impl Engine {
    /// Loads the two models from `dir` and the dictionary from the recognition model.
    pub fn load(dir: &Path) -> Result<Engine, ModelError> {
        let read = |name: &str| {
            std::fs::read(dir.join(name))
                .map_err(|e| ModelError::Unloadable(format!("{name}：{e}")))
        };
        let det_bytes = read(DET_MODEL)?;
        let rec_bytes = read(REC_MODEL)?;
        let dictionary = RecDictionary::from_text(&models::dictionary_text(&rec_bytes)?)
            .map_err(|e| ModelError::Unloadable(models::short(&e.to_string())))?
            .with_space_char();
        let unloadable = |e: tract_onnx::prelude::TractError| {
            ModelError::Unloadable(models::short(&e.to_string()))
        };
        let mut det = DetInferenceSession::from_bytes(&det_bytes).map_err(unloadable)?;
        det.set_inference_threads(THREADS);
        det.set_plan_cache_capacity(DET_PLANS);
        let rec = Recogniser::from_onnx(&rec_bytes, REC_HEIGHT as usize, REC_PLANS)
            .map_err(unloadable)?;
        Ok(Engine {
            det_pre: DetPreProcessor::new(DetPreProcessorConfig {
                limit_side_len: DET_LONG_SIDE,
                limit_type: DetLimitType::Max,
                ..DetPreProcessorConfig::default()
            }),
            det,
            det_post: DetPostProcessor::new(DetPostProcessorConfig::default()),
            unclip: DetPolygonUnclipper::new(DetPolygonUnclipperConfig::default()),
            rec,
            allowed: (0..dictionary.len())
                .map(|i| dictionary.token(i).is_none_or(charset::entry_readable))
                .collect(),
            dictionary,
        })
    }

    /// Every piece of text on `image` (page `page`, 1-based), top to bottom as detected.
    pub fn read(&self, image: &DynamicImage, page: u32) -> Result<Vec<ReadWord>, String> {
        let quads = self.boxes(image)?;
        Ok(self.read_boxes(image, &quads, page)?.0)
    }

    /// The page's text boxes, in image pixels, each `[tl, tr, br, bl]`.
    pub fn boxes(&self, image: &DynamicImage) -> Result<Vec<Quad>, String> {
        self.detect(image)
    }

    /// The words in `quads` (boxes of [`Self::boxes`] on this image), and whether the page
    /// reads clearly surer turned over ([`Self::turned_over_reads_better`]): its orientation
    /// sample is recognised in the same batches as the words, where it costs least.
    pub fn read_boxes(
        &self,
        image: &DynamicImage,
        quads: &[Quad],
        page: u32,
    ) -> Result<(Vec<ReadWord>, bool), String> {
        if quads.is_empty() {
            return Ok((Vec::new(), false));
        }
        let rgb = image.to_rgb8();
        let mut crops: Vec<Crop> = quads.iter().map(|q| Crop::cut(&rgb, q)).collect();
        crops.extend(orientation_sample(&rgb, quads));
        let mut decoded = self.recognise(&crops)?;
        let turned = turned_wins(&decoded.split_off(quads.len()));
        let mut words = Vec::new();
        for (crop, chars) in crops.iter().zip(decoded) {
            if let Some(w) = crop.word(chars, page) {
                if w.word.confidence >= MIN_CONFIDENCE {
                    words.push(w);
                }
            }
        }
        Ok((words, turned))
    }

    /// Whether the page reads clearly surer turned over: it is upside down. A few characters of
    /// its widest boxes (a lone 0 or 1 reads the same either way up) are recognised as they
    /// stand and turned half a turn; upside-down print gives characters of low probability.
    pub fn turned_over_reads_better(
        &self,
        image: &DynamicImage,
        quads: &[Quad],
    ) -> Result<bool, String> {
        let sample = orientation_sample(&image.to_rgb8(), quads);
        Ok(turned_wins(&self.recognise(&sample)?))
    }

    /// Text boxes in image pixels, each `[tl, tr, br, bl]`.
    fn detect(&self, image: &DynamicImage) -> Result<Vec<Quad>, String> {
        let input = self.det_pre.process(image).map_err(|e| e.to_string())?;
        super::super::budget::checkpoint();
        let out = self
            .det
            .run(&input)
            .map_err(|e| models::short(&e.to_string()))?;
        let boxes = self
            .det_post
            .db_boxes(&out.probability_map, &self.unclip)
            .map_err(|e| e.to_string())?;
        let (sx, sy) = input.inverse_scale();
        let (w, h) = image.dimensions();
        Ok(boxes
            .into_iter()
            .map(|b| {
                b.quad.map(|(x, y)| {
                    (
                        (x * sx).round().clamp(0.0, w as f64),
                        (y * sy).round().clamp(0.0, h as f64),
                    )
                })
            })
            .collect())
    }

    /// Each crop's characters, read one by one by [`REC_WORKERS`] threads in turn.
    fn recognise(&self, crops: &[Crop]) -> Result<Vec<Vec<Decoded>>, String> {
        // Widest first, so that the threads end together.
        let mut order: Vec<usize> = (0..crops.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(crops[i].rec_width()));
        // Only this thread has the file's deadline (budget::checkpoint is per thread): when it
        // runs out, or a crop fails, the other thread is told to stop after its current crop.
        let stop = AtomicBool::new(false);
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<CropResult>> = Mutex::new(Vec::new());
        let work = |in_main: bool| loop {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(&i) = order.get(k) else { break };
            if in_main {
                super::super::budget::checkpoint();
            }
            let r = self.read_crop(&crops[i]);
            let failed = r.is_err();
            results
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(r.map(|d| (i, d)));
            if failed {
                stop.store(true, Ordering::Relaxed);
            }
        };
        std::thread::scope(|scope| {
            let others: Vec<_> = (1..REC_WORKERS)
                .map(|_| scope.spawn(|| work(false)))
                .collect();
            let _stop_others = StopOnDrop(&stop);
            work(true);
            // A panic of another thread goes on here as it was (an allocation refused, say),
            // not as the scope's own "a scoped thread panicked".
            for other in others {
                if let Err(panic) = other.join() {
                    std::panic::resume_unwind(panic);
                }
            }
        });
        let mut out: Vec<Vec<Decoded>> = vec![Vec::new(); crops.len()];
        for r in results
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
        {
            let (i, decoded) = r?;
            out[i] = decoded;
        }
        Ok(out)
    }

    fn read_crop(&self, crop: &Crop) -> Result<Vec<Decoded>, String> {
        // Padded to a width of the ladder, whatever its own: one plan per width.
        let input = RecPreProcessor::new(RecPreProcessorConfig {
            target_height: REC_HEIGHT,
            max_width: input_width(crop.rec_width()),
            max_dynamic_width: REC_MAX_WIDTH,
            width_alignment: 1,
            ..RecPreProcessorConfig::default()
        })
        .process_images(std::slice::from_ref(&crop.image))
        .map_err(|e| e.to_string())?;
        let valid = input.valid_widths.first().copied().unwrap_or(1);
        let scores = self
            .rec
            .scores(input.tensor)
            .map_err(|e| models::short(&e.to_string()))?;
        // The steps over the crop, not its padding: the output's steps per input column (1/8
        // for PP-OCRv6) are read off the output itself.
        let per_column = scores.nrows() as f64 / f64::from(input.max_width.max(1));
        let steps =
            ((f64::from(valid) * per_column).round() as usize).clamp(1, scores.nrows().max(1));
        Ok(decode(
            scores.view(),
            steps,
            &self.dictionary,
            &self.allowed,
        ))
    }
}

/// A crop's index and its characters, or why it failed.
type CropResult = Result<(usize, Vec<Decoded>), String>;

/// Sets the flag when dropped, also when the thread unwinds (out of time).
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The input width a crop of `width` columns is padded to: the narrowest of [`REC_WIDTHS`] that
/// holds it; a wider line, a multiple of 512 (at most three more plans, and rare).
fn input_width(width: u32) -> u32 {
    let w = width.clamp(1, REC_MAX_WIDTH);
    REC_WIDTHS
        .iter()
        .copied()
        .find(|&r| w <= r)
        .unwrap_or_else(|| w.next_multiple_of(512).min(REC_MAX_WIDTH))
}

/// One text box cut out of the page, and how to map a position along it back to the page.
struct Crop {
    image: RgbImage,
    /// Left and right ends of the text's centre line on the page.
    left: (f64, f64),
    right: (f64, f64),
    /// Axis-aligned box on the page.
    bbox: [f32; 4],
}

impl Crop {
    fn cut(page: &RgbImage, q: &Quad) -> Crop {
        let [tl, tr, br, bl] = *q;
        let xs = [tl.0, tr.0, br.0, bl.0];
        let ys = [tl.1, tr.1, br.1, bl.1];
        let fold = |v: &[f64], f: fn(f64, f64) -> f64, init| v.iter().copied().fold(init, f);
        let bbox = [
            fold(&xs, f64::min, f64::INFINITY) as f32,
            fold(&ys, f64::min, f64::INFINITY) as f32,
            fold(&xs, f64::max, f64::NEG_INFINITY) as f32,
            fold(&ys, f64::max, f64::NEG_INFINITY) as f32,
        ];
        let width = dist(tl, tr).max(dist(bl, br));
        let height = dist(tl, bl).max(dist(tr, br));
        let mid = |a: (f64, f64), b: (f64, f64)| ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        let turned = height >= UPRIGHT_RATIO * width;
        let rotated = if turned { None } else { crop_quad(page, q) };
        match rotated {
            Some(image) => Crop {
                image,
                left: mid(tl, bl),
                right: mid(tr, br),
                bbox,
            },
            None => {
                let x = (bbox[0].max(0.0) as u32).min(page.width().saturating_sub(1));
                let y = (bbox[1].max(0.0) as u32).min(page.height().saturating_sub(1));
                let w = ((bbox[2] - bbox[0]).ceil().max(1.0) as u32).min(page.width() - x);
                let h = ((bbox[3] - bbox[1]).ceil().max(1.0) as u32).min(page.height() - y);
                let cy = f64::from(bbox[1] + bbox[3]) / 2.0;
                Crop {
                    image: imageops::crop_imm(page, x, y, w.max(1), h.max(1)).to_image(),
                    left: (f64::from(bbox[0]), cy),
                    right: (f64::from(bbox[2]), cy),
                    bbox,
                }
            }
        }
    }

    /// Width of the crop scaled to the recogniser's height.
    fn rec_width(&self) -> u32 {
        let (w, h) = self.image.dimensions();
        let scaled = (f64::from(w) * f64::from(REC_HEIGHT) / f64::from(h.max(1))).ceil() as u32;
        scaled.clamp(1, REC_MAX_WIDTH)
    }

    fn word(&self, mut chars: Vec<Decoded>, page: u32) -> Option<ReadWord> {
        bars_as_dash(&mut chars);
        wu_without_its_top(&mut chars);
        self.slash_not_one(&mut chars);
        let text: String = chars.iter().map(|d| d.read.ch).collect();
        if text.trim().is_empty() {
            return None;
        }
        let counted: Vec<f32> = chars
            .iter()
            .filter(|d| !d.read.ch.is_whitespace())
            .map(|d| d.read.prob)
            .collect();
        let confidence = counted.iter().sum::<f32>() / counted.len().max(1) as f32;
        let centres = chars
            .iter()
            .map(|d| (self.left.0 + d.at * (self.right.0 - self.left.0)) as f32)
            .collect();
        Some(ReadWord {
            word: Word {
                text,
                confidence,
                page,
                bbox: self.bbox,
                chars: chars.into_iter().map(|d| d.read).collect(),
            },
            centres,
        })
    }

    /// A piece read as a lone `1` whose glyph is a single leaning stroke is the `/` a table
    /// prints for "not applicable" ([`glyph::leans_like_slash`]). The recogniser's `1` stays
    /// first among its other readings, at the probability it had; the slash takes that
    /// probability or [`SHAPE_SURE`], whichever is higher, since the shape is what decides it.
    fn slash_not_one(&self, chars: &mut [Decoded]) {
        let Some(read) = lone_char(chars) else {
            return;
        };
        if read.ch == '1' && glyph::leans_like_slash(&self.image) {
            read_as(read, '/');
            read.prob = read.prob.max(SHAPE_SURE);
        }
    }
}

/// A horizontal bar is one glyph to the recogniser, whether it is the dash a table prints for
/// "none" (—) or the character 一, and its dictionary says 一. A piece of nothing but bars (a
/// cell's `—` or `——`) is the dash; in a word (`一、`, `（一）`) the bar stays 一.
fn bars_as_dash(chars: &mut [Decoded]) {
    let visible = || chars.iter().filter(|d| !d.read.ch.is_whitespace());
    if visible().count() > 0 && visible().all(|d| d.read.ch == '一') {
        for d in chars.iter_mut().filter(|d| d.read.ch == '一') {
            d.read.ch = '—';
        }
    }
}

/// Characters that are 无 with its thin top stroke lost, as a fax or a faint print loses it
/// first: the recogniser reads them as sure as any other character.
const WU_LOOKALIKES: [char; 2] = ['尤', '尢'];

/// A piece of one character read as a look-alike of 无 ([`WU_LOOKALIKES`]) is the 无 a table
/// prints for none: no cell of the statutory tables holds 尤, and no label is a lone character.
/// In a word (`尤其`) the character stays. The recogniser's reading stays among the others.
fn wu_without_its_top(chars: &mut [Decoded]) {
    if let Some(read) = lone_char(chars).filter(|r| WU_LOOKALIKES.contains(&r.ch)) {
        read_as(read, '无');
    }
}

/// The one character of a piece that holds a single one besides spaces.
fn lone_char(chars: &mut [Decoded]) -> Option<&mut CharRead> {
    let mut visible = chars.iter_mut().filter(|d| !d.read.ch.is_whitespace());
    match (visible.next(), visible.next()) {
        (Some(d), None) => Some(&mut d.read),
        _ => None,
    }
}

/// Reads the character as `ch` instead, the recogniser's reading first among the others.
fn read_as(read: &mut CharRead, ch: char) {
    read.alternatives.retain(|a| a.0 != ch);
    read.alternatives.insert(0, (read.ch, read.prob));
    read.alternatives.truncate(MAX_ALTERNATIVES);
    read.ch = ch;
}

/// The first few characters of the page's widest boxes, all cut to one shape (so that they
/// share a compiled plan), as they stand, then the same turned half a turn. Empty
/// when there are too few such boxes to tell (a page of lone figures).
fn orientation_sample(page: &RgbImage, quads: &[Quad]) -> Vec<Crop> {
    let mut widest: Vec<&Quad> = quads.iter().collect();
    widest.sort_by(|a, b| quad_width(b).total_cmp(&quad_width(a)));
    let upright: Vec<Crop> = widest
        .into_iter()
        .filter_map(|q| {
            let mut c = Crop::cut(page, q);
            let (w, h) = c.image.dimensions();
            let keep = h.saturating_mul(ORIENTATION_CHARS);
            (w >= keep).then(|| {
                c.image = imageops::crop_imm(&c.image, 0, 0, keep, h).to_image();
                c
            })
        })
        .take(ORIENTATION_SAMPLE)
        .collect();
    if upright.len() < ORIENTATION_MIN {
        return Vec::new();
    }
    let over: Vec<Crop> = upright
        .iter()
        .map(|c| Crop {
            image: imageops::rotate180(&c.image),
            ..*c
        })
        .collect();
    upright.into_iter().chain(over).collect()
}

/// Whether the second half of an orientation sample (turned over) reads clearly surer than
/// the first (as it stands).
fn turned_wins(sample: &[Vec<Decoded>]) -> bool {
    let (as_is, turned) = sample.split_at(sample.len() / 2);
    !as_is.is_empty() && mean_probability(turned) > mean_probability(as_is) + TURNED_MARGIN
}

/// The length of a box's longer top or bottom edge.
fn quad_width(q: &Quad) -> f64 {
    dist(q[0], q[1]).max(dist(q[3], q[2]))
}

/// The mean over crops of their characters' mean probability (crops read as nothing left out).
fn mean_probability(decoded: &[Vec<Decoded>]) -> f32 {
    let per_crop: Vec<f32> = decoded
        .iter()
        .filter(|d| !d.is_empty())
        .map(|d| d.iter().map(|c| c.read.prob).sum::<f32>() / d.len() as f32)
        .collect();
    per_crop.iter().sum::<f32>() / per_crop.len().max(1) as f32
}

/// `quads` on the page turned half a turn (`width` × `height`): each corner moves to the
/// opposite side, and the corners keep their order from the new top left.
pub fn turned_over(quads: &[Quad], width: f64, height: f64) -> Vec<Quad> {
    let turn = |(x, y): (f64, f64)| (width - x, height - y);
    quads
        .iter()
        .map(|&[tl, tr, br, bl]| [turn(br), turn(bl), turn(tl), turn(tr)])
        .collect()
}

fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// A character as decoded, with where it peaks along the crop (0 = left end, 1 = right end).
#[derive(Debug, Clone)]
struct Decoded {
    read: CharRead,
    at: f64,
}

/// Greedy CTC decoding of one crop's `[time, class]` scores (its first `steps` steps), keeping
/// per character its probability and its runners-up at the step where it is most likely.
fn decode(
    logits: ndarray::ArrayView2<'_, f32>,
    steps: usize,
    dictionary: &RecDictionary,
    allowed: &[bool],
) -> Vec<Decoded> {
    let steps = steps.min(logits.nrows());
    let blank = dictionary.blank_id();
    let mut out: Vec<Decoded> = Vec::new();
    // The class of the previous step and the best step of the character it emitted.
    let mut prev: Option<usize> = None;
    let mut best: Option<(f32, usize, Vec<f32>)> = None;
    let flush =
        |best: &mut Option<(f32, usize, Vec<f32>)>, class: usize, out: &mut Vec<Decoded>| {
            if let Some((_, t, probs)) = best.take() {
                let at = (t as f64 + 0.5) / steps.max(1) as f64;
                out.extend(
                    char_reads(&probs, class, blank, dictionary).map(|read| Decoded { read, at }),
                );
            }
        };
    for t in 0..steps {
        let mut probs = probabilities(
            logits
                .row(t)
                .as_slice()
                .map_or_else(|| logits.row(t).to_vec(), <[f32]>::to_vec),
        );
        // Classes the app does not give (charset.rs) take no part: not chosen, no rival.
        for (p, _) in probs.iter_mut().zip(allowed).filter(|(_, ok)| !**ok) {
            *p = 0.0;
        }
        let (class, p) = argmax(&probs);
        if Some(class) != prev {
            if let Some(c) = prev.filter(|&c| c != blank) {
                flush(&mut best, c, &mut out);
            }
            best = None;
        }
        if class != blank && best.as_ref().is_none_or(|b| p > b.0) {
            best = Some((p, t, probs));
        }
        prev = Some(class);
    }
    if let Some(c) = prev.filter(|&c| c != blank) {
        flush(&mut best, c, &mut out);
    }
    out
}

/// The characters of dictionary entry `class` (one, as a rule), each with the probability of the
/// entry and its most likely rivals at that step.
fn char_reads<'a>(
    probs: &'a [f32],
    class: usize,
    blank: usize,
    dictionary: &'a RecDictionary,
) -> impl Iterator<Item = CharRead> + 'a {
    let prob = probs.get(class).copied().unwrap_or(0.0);
    let mut rivals: Vec<(usize, f32)> = probs
        .iter()
        .copied()
        .enumerate()
        .filter(|&(i, p)| i != class && i != blank && p >= ALTERNATIVE_FLOOR)
        .collect();
    rivals.sort_by(|a, b| b.1.total_cmp(&a.1));
    let alternatives: Vec<(char, f32)> = rivals
        .into_iter()
        .filter_map(|(i, p)| {
            let mut cs = dictionary.token(i)?.chars();
            let c = cs.next()?;
            cs.next().is_none().then_some((c, p))
        })
        .take(MAX_ALTERNATIVES)
        .collect();
    let token = dictionary.token(class).unwrap_or("");
    let single = token.chars().count() == 1;
    token.chars().map(move |ch| CharRead {
        ch,
        prob,
        alternatives: if single {
            alternatives.clone()
        } else {
            Vec::new()
        },
    })
}

fn argmax(v: &[f32]) -> (usize, f32) {
    v.iter().copied().enumerate().fold(
        (0, f32::NEG_INFINITY),
        |a, (i, p)| if p > a.1 { (i, p) } else { a },
    )
}

/// The step's scores as probabilities: the recogniser ends in a softmax, but an export without
/// it gives logits, which are normalised here.
fn probabilities(mut v: Vec<f32>) -> Vec<f32> {
    let sum: f32 = v.iter().sum();
    let is_distribution = v.iter().all(|&p| (0.0..=1.0).contains(&p)) && (sum - 1.0).abs() < 0.02;
    if is_distribution {
        return v;
    }
    let max = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut total = 0.0;
    for p in &mut v {
        *p = (*p - max).exp();
        total += *p;
    }
    for p in &mut v {
        *p /= total.max(f32::MIN_POSITIVE);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    fn dictionary() -> RecDictionary {
        // blank, then 0 1 2 3, then space
        RecDictionary::from_text("0\n1\n2\n3\n")
            .map(RecDictionary::with_space_char)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Steps as (class, probability): the rest of each step's mass goes to class `rival`.
    fn scores(steps: &[(usize, f32, usize)]) -> Array2<f32> {
        let mut a = Array2::zeros((steps.len(), 6));
        for (t, &(c, p, rival)) in steps.iter().enumerate() {
            a[[t, c]] = p;
            a[[t, rival]] += 1.0 - p;
        }
        a
    }

    fn decoded(text: &str) -> Vec<Decoded> {
        text.chars()
            .map(|ch| Decoded {
                read: CharRead {
                    ch,
                    prob: 0.9,
                    alternatives: vec![],
                },
                at: 0.5,
            })
            .collect()
    }

    /// `text` decoded, then mended by `fix`, as text again.
    fn after(fix: fn(&mut [Decoded]), text: &str) -> String {
        let mut d = decoded(text);
        fix(&mut d);
        d.iter().map(|d| d.read.ch).collect()
    }

    #[test]
    fn a_box_turned_over_keeps_its_corners_in_order_from_the_new_top_left() {
        // A box near the top left of a 100 × 50 page ends near the bottom right.
        let q: Quad = [(10.0, 5.0), (40.0, 5.0), (40.0, 15.0), (10.0, 15.0)];
        let [tl, tr, br, bl] = turned_over(&[q], 100.0, 50.0)[0];
        assert_eq!(
            (tl, tr, br, bl),
            ((60.0, 35.0), (90.0, 35.0), (90.0, 45.0), (60.0, 45.0))
        );
        assert_eq!(
            turned_over(&turned_over(&[q], 100.0, 50.0), 100.0, 50.0),
            vec![q]
        );
    }

    #[test]
    fn a_piece_of_bars_alone_is_a_dash_and_a_bar_in_a_word_stays_one() {
        let text = |s: &str| after(bars_as_dash, s);
        assert_eq!(text("一"), "—");
        assert_eq!(text("一一"), "——");
        assert_eq!(text(" 一 "), " — ");
        assert_eq!(text("一、"), "一、");
        assert_eq!(text("（一）"), "（一）");
        assert_eq!(text("1一"), "1一");
        assert_eq!(text(" "), " ");
    }

    #[test]
    fn a_lone_wu_that_lost_its_top_stroke_is_wu_and_in_a_word_it_stays() {
        let text = |s: &str| after(wu_without_its_top, s);
        assert_eq!(text("尤"), "无");
        assert_eq!(text(" 尢 "), " 无 ");
        assert_eq!(text("尤其"), "尤其");
        assert_eq!(text("无"), "无");
        assert_eq!(text("7"), "7");
        let mut d = decoded("尤");
        wu_without_its_top(&mut d);
        assert_eq!(d[0].read.alternatives, vec![('尤', 0.9)]);
    }

    #[test]
    fn repeats_collapse_blanks_separate_and_rivals_come_from_the_best_step() {
        // "1", "1" again after a blank, then "3" peaking at its second step with "2" as rival.
        let s = scores(&[
            (2, 0.9, 0),
            (2, 0.95, 0),
            (0, 0.99, 2),
            (2, 0.8, 0),
            (4, 0.6, 3),
            (4, 0.7, 3),
        ]);
        let d = decode(s.view(), 6, &dictionary(), &[]);
        let text: String = d.iter().map(|c| c.read.ch).collect();
        assert_eq!(text, "113");
        assert!((d[0].read.prob - 0.95).abs() < 1e-6);
        assert_eq!(d[2].read.prob, 0.7);
        assert_eq!(d[2].read.alternatives, vec![('2', 0.3f32)]);
        // Positions: the best step's centre over the steps.
        assert!((d[2].at - 5.5 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn a_class_left_out_is_neither_read_nor_a_rival() {
        // As above, with the class of "3" left out: its steps read as their rival "2", at the
        // rival's own probability (so it comes out doubtful), and "3" is no alternative.
        let s = scores(&[(2, 0.9, 0), (0, 0.99, 2), (4, 0.6, 3), (4, 0.7, 3)]);
        let d = decode(
            s.view(),
            4,
            &dictionary(),
            &[true, true, true, true, false, true],
        );
        let text: String = d.iter().map(|c| c.read.ch).collect();
        assert_eq!(text, "12");
        assert!((d[1].read.prob - 0.4).abs() < 1e-6, "{}", d[1].read.prob);
        assert!(d[1].read.alternatives.iter().all(|a| a.0 != '3'));
    }

    #[test]
    fn padding_steps_are_not_read() {
        let s = scores(&[(2, 0.9, 0), (3, 0.9, 0)]);
        let d = decode(s.view(), 1, &dictionary(), &[]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].read.ch, '1');
    }

    #[test]
    fn crops_are_padded_to_a_few_widths() {
        assert_eq!(input_width(0), 64);
        assert_eq!(input_width(35), 64);
        assert_eq!(input_width(64), 64);
        assert_eq!(input_width(65), 96);
        assert_eq!(input_width(300), 384);
        assert_eq!(input_width(2048), 2048);
        assert_eq!(input_width(2100), 2560);
        assert_eq!(input_width(5000), REC_MAX_WIDTH);
        // However the widths of a page's crops spread, the plans they need are all kept, and a
        // crop is never more than half as wide again once padded.
        let shapes: std::collections::BTreeSet<u32> = (1..=2048).map(input_width).collect();
        assert!(shapes.len() < REC_PLANS, "{shapes:?}");
        for w in 1..=REC_MAX_WIDTH {
            assert!(input_width(w) >= w);
            assert!(w < 64 || input_width(w) * 2 <= w * 3, "{w}");
        }
    }

    #[test]
    fn logits_are_normalised() {
        let p = probabilities(vec![2.0, 0.0, -1.0]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(p[0] > p[1] && p[1] > p[2]);
        let q = probabilities(vec![0.25, 0.75]);
        assert_eq!(q, vec![0.25, 0.75]);
    }

    /// Renders lines of text with the bundled Chinese font, black on white.
    fn rendered(lines: &[(&str, i32, i32, f32)], w: u32, h: u32) -> DynamicImage {
        use ab_glyph::FontRef;
        let font = FontRef::try_from_slice(include_bytes!(
            "../../../assets/fonts/NotoSansSC-subset.otf"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let mut img = image::RgbImage::from_pixel(w, h, image::Rgb([255, 255, 255]));
        for &(text, x, y, size) in lines {
            imageproc::drawing::draw_text_mut(
                &mut img,
                image::Rgb([20, 20, 20]),
                x,
                y,
                size,
                &font,
                text,
            );
        }
        DynamicImage::ImageRgb8(img)
    }

    fn engine() -> &'static Engine {
        models::engine().unwrap_or_else(|e| {
            panic!("OCR models not available ({e}); run scripts/fetch-ocr-models.sh")
        })
    }

    #[test]
    fn chinese_and_digits_are_read_with_boxes_and_alternatives() {
        let img = rendered(
            &[
                ("政府信息公开工作年度报告", 40, 30, 40.0),
                ("本年新收申请 12 件", 40, 120, 36.0),
                ("3087", 600, 120, 36.0),
            ],
            900,
            200,
        );
        let words = engine().read(&img, 3).unwrap_or_else(|e| panic!("{e}"));
        let texts: Vec<String> = words.iter().map(|w| w.word.text.replace(' ', "")).collect();
        assert!(
            texts.contains(&"政府信息公开工作年度报告".to_string()),
            "{texts:?}"
        );
        assert!(texts.iter().any(|t| t == "本年新收申请12件"), "{texts:?}");
        let n = words
            .iter()
            .find(|w| w.word.text == "3087")
            .unwrap_or_else(|| panic!("no 3087 in {texts:?}"));
        assert_eq!(n.word.page, 3);
        let [x0, y0, x1, y1] = n.word.bbox;
        assert!(
            x0 > 580.0 && x1 < 720.0 && y0 > 100.0 && y1 < 180.0,
            "{:?}",
            n.word.bbox
        );
        assert!(n.word.confidence > 0.8, "{}", n.word.confidence);
        // Centres run left to right inside the box.
        assert!(
            n.centres.windows(2).all(|p| p[0] < p[1]) && n.centres[0] > x0 && n.centres[3] < x1
        );
        for c in &n.word.chars {
            assert!(c.alternatives.len() <= MAX_ALTERNATIVES);
            assert!(c.alternatives.iter().all(|a| a.1 <= c.prob && a.0 != c.ch));
        }
    }

    #[test]
    fn a_blank_page_reads_nothing() {
        let img =
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(600, 800, image::Rgb([250; 3])));
        assert!(engine()
            .read(&img, 1)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty());
    }
}
