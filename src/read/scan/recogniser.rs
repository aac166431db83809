//! The PP-OCRv6 text recogniser on tract: the model analysed once with its input width left
//! open, and a compiled plan per input width, kept for the next crop of that width.
//!
//! pure-onnx-ocr's session compiles each shape from the ONNX graph (typing, decluttering and
//! optimising: 0.13–0.15 s a shape). Typing and decluttering do not depend on the width, so
//! here they are done once, with the width a symbol; a width's plan then takes the symbol's
//! value and is optimised in about 0.04 s. The plans give the same scores to the last bit.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tract_onnx::prelude::tract_ndarray::{Array2, Axis, Ix3};
use tract_onnx::prelude::*;

pub struct Recogniser {
    /// The model for one crop of the recogniser's height, its width the symbol `width`.
    model: TypedModel,
    width: Symbol,
    /// Compiled plans by input width, the most recently used last.
    plans: Mutex<Vec<(usize, Arc<TypedRunnableModel>)>>,
    capacity: usize,
}

impl Recogniser {
    /// Analyses the recognition model (ONNX bytes) for one crop `height` pixels high; keeps at
    /// most `capacity` compiled plans.
    pub fn from_onnx(bytes: &[u8], height: usize, capacity: usize) -> TractResult<Recogniser> {
        let mut model = tract_onnx::onnx()
            .with_ignore_output_shapes(true)
            .model_for_read(&mut std::io::Cursor::new(bytes))?;
        forget_recorded_shapes(&mut model)?;
        let width = model.symbols.sym("width");
        let shape = tvec![1.into(), 3.into(), height.to_dim(), width.clone().into()];
        model.set_input_fact(0, InferenceFact::dt_shape(f32::datum_type(), shape))?;
        Ok(Recogniser {
            model: model.into_typed()?.into_decluttered()?,
            width,
            plans: Mutex::new(Vec::new()),
            capacity: capacity.max(1),
        })
    }

    /// The scores `[step, class]` of one crop, `input` `[1, 3, height, width]` as PaddleOCR
    /// prepares it. Runs on the calling thread (tract's executor is single-threaded unless set).
    pub fn scores(&self, input: Tensor) -> TractResult<Array2<f32>> {
        let width = input.shape().get(3).copied().unwrap_or(0);
        let plan = self.plan(width)?;
        let out = plan.run(tvec![input.into()])?;
        let first = out
            .into_iter()
            .next()
            .ok_or_else(|| TractError::msg("the recogniser gave no output"))?;
        let scores = first
            .to_plain_array_view::<f32>()?
            .into_dimensionality::<Ix3>()?;
        Ok(scores.index_axis(Axis(0), 0).to_owned())
    }

    /// How many plans are compiled and kept.
    #[cfg(test)]
    pub fn plans_kept(&self) -> usize {
        self.lock().len()
    }

    fn plan(&self, width: usize) -> TractResult<Arc<TypedRunnableModel>> {
        if let Some(plan) = recently_used(&mut self.lock(), width) {
            return Ok(plan);
        }
        // Compiled without the lock held: the other thread reads on meanwhile. Should both
        // compile the same width, the first kept is used.
        let subs = HashMap::from([(self.width.clone(), width.to_dim())]);
        let plan = self
            .model
            .set_symbols(&subs)?
            .into_optimized()?
            .into_runnable()?;
        let mut plans = self.lock();
        if let Some(kept) = recently_used(&mut plans, width) {
            return Ok(kept);
        }
        plans.push((width, plan.clone()));
        if plans.len() > self.capacity {
            plans.remove(0);
        }
        Ok(plan)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(usize, Arc<TypedRunnableModel>)>> {
        self.plans.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The plan kept for `width`, if any, moved to the end of `plans` as the most recently used.
fn recently_used(
    plans: &mut Vec<(usize, Arc<TypedRunnableModel>)>,
    width: usize,
) -> Option<Arc<TypedRunnableModel>> {
    let at = plans.iter().position(|(w, _)| *w == width)?;
    let entry = plans.remove(at);
    let plan = entry.1.clone();
    plans.push(entry);
    Some(plan)
}

/// PaddleOCR's exports record a symbolic shape for nearly every tensor
/// (`DynamicDimension.0` …), which tract cannot unify with the input's; the shapes are
/// derived again from the input (the inputs and the weights keep theirs).
fn forget_recorded_shapes(model: &mut InferenceModel) -> TractResult<()> {
    let inputs = model.input_outlets()?.to_vec();
    for node in 0..model.nodes().len() {
        if model.nodes()[node].op.name() == "Const" {
            continue;
        }
        for slot in 0..model.nodes()[node].outputs.len() {
            let outlet = OutletId::new(node, slot);
            if !inputs.contains(&outlet) {
                model.set_outlet_fact(outlet, InferenceFact::default())?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::scan::models::{find_dir, REC_MODEL};

    fn input(width: usize) -> Tensor {
        tract_ndarray::Array4::<f32>::from_shape_fn((1, 3, 48, width), |(_, c, y, x)| {
            ((c * 3 + y * 5 + x) % 17) as f32 / 8.0 - 1.0
        })
        .into()
    }

    #[test]
    fn plans_from_the_open_width_score_as_plans_made_for_one_width_and_are_kept() {
        let bytes = std::fs::read(find_dir().unwrap_or_else(|e| panic!("{e}")).join(REC_MODEL))
            .unwrap_or_else(|e| panic!("{e}"));
        let rec = Recogniser::from_onnx(&bytes, 48, 2).unwrap_or_else(|e| panic!("{e}"));
        // The oracle: the graph typed, decluttered and optimised for one width from the start,
        // as pure-onnx-ocr compiles each shape.
        let mut graph = tract_onnx::onnx()
            .with_ignore_output_shapes(true)
            .model_for_read(&mut std::io::Cursor::new(&bytes))
            .unwrap_or_else(|e| panic!("{e}"));
        forget_recorded_shapes(&mut graph).unwrap_or_else(|e| panic!("{e}"));
        let shape = tvec![1.into(), 3.into(), 48.to_dim(), 96.to_dim()];
        graph
            .set_input_fact(0, InferenceFact::dt_shape(f32::datum_type(), shape))
            .unwrap_or_else(|e| panic!("{e}"));
        let plan = graph
            .into_optimized()
            .and_then(|m| m.into_runnable())
            .unwrap_or_else(|e| panic!("{e}"));
        let want = plan
            .run(tvec![input(96).into()])
            .unwrap_or_else(|e| panic!("{e}"));
        let want = want[0]
            .to_plain_array_view::<f32>()
            .unwrap_or_else(|e| panic!("{e}"));
        let got = rec.scores(input(96)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got.shape(), &want.shape()[1..]);
        assert!(got.iter().zip(want.iter()).all(|(a, b)| a == b));
        // A plan per width, at most two kept; a width dropped is compiled again, alike.
        assert_eq!(rec.plans_kept(), 1);
        rec.scores(input(64)).unwrap_or_else(|e| panic!("{e}"));
        rec.scores(input(128)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rec.plans_kept(), 2);
        assert_eq!(rec.scores(input(96)).unwrap_or_else(|e| panic!("{e}")), got);
        assert_eq!(rec.plans_kept(), 2);
    }
}
