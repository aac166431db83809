//! Which unknowns a system of linear equations over non-negative integers fixes to one value.
//!
//! The tables' equations (`total = parts`, `一 + 二 = 三 + 四`) are written as
//! `Σ coef·x = constant` over the unknown cells. Bounds are narrowed by interval propagation (each
//! unknown lies between what the rest of its equation allows); a bounded search then proves the
//! system has a solution, and tries each value of an unknown propagation left open. An unknown is
//! reported fixed only when a solution exists and every solution gives it the same value: when the
//! search runs out of budget, nothing is claimed.

/// `Σ coef·x = constant`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinEq {
    pub terms: Vec<(usize, i64)>,
    pub constant: i64,
}

/// How an unknown came to be fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Propagation through this equation (index into the system) left one value.
    Equation(usize),
    /// Every other value was tried and no solution has it.
    OnlyValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// No assignment of non-negative integers satisfies the equations.
    Infeasible,
    /// The search ran out of budget before it could tell.
    Unknown,
    /// A solution exists; `fixed[i]` is the one value every solution gives unknown `i`.
    Feasible { fixed: Vec<Option<(i64, Why)>> },
}

/// Work one `solve` may do, in bound narrowings (one term of one equation) and search nodes: a
/// table with every cell unread has a couple of hundred unknowns, and without a bound on the
/// work its search took seconds (about 0.1 s is allowed here). Out of budget, nothing is claimed.
pub const WORK_BUDGET: usize = 20_000_000;
/// Values tried for an unknown that propagation left open, when it has at most this many.
const PROBE_MAX: i128 = 64;
/// Propagation sweeps before giving up on a fixpoint (bounds that creep up one at a time).
const SWEEPS: usize = 500;

/// Bounds of one unknown: `lo ..= hi`, `hi` `None` when unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dom {
    lo: i128,
    hi: Option<i128>,
}

impl Dom {
    fn fixed(&self) -> Option<i128> {
        (self.hi == Some(self.lo)).then_some(self.lo)
    }
}

/// Fixed values of `vars` unknowns (all ≥ 0) under `eqs`.
#[cfg(test)]
pub fn solve(vars: usize, eqs: &[LinEq]) -> Outcome {
    solve_within(vars, eqs, &mut WORK_BUDGET.clone())
}

/// [`solve`] drawing on a budget shared with other calls (all the solving for one report).
pub fn solve_within(vars: usize, eqs: &[LinEq], budget: &mut usize) -> Outcome {
    solve_for(vars, eqs, &|_| true, budget)
}

/// [`solve_within`], but only the unknowns `wanted` are tried value by value when propagation
/// leaves them open; the others are reported fixed only when propagation fixed them. Trying
/// values is most of the work, and a placement of one row needs only that row's cells.
pub fn solve_for(
    vars: usize,
    eqs: &[LinEq],
    wanted: &dyn Fn(usize) -> bool,
    budget: &mut usize,
) -> Outcome {
    let mut doms = vec![Dom { lo: 0, hi: None }; vars];
    let mut why: Vec<Option<usize>> = vec![None; vars];
    if propagate(eqs, &mut doms, &mut why, budget).is_err() {
        return Outcome::Infeasible;
    }
    let mut system = System::new(vars, eqs);
    // The search narrows these in place and puts every bound back as it returns.
    let mut search = doms.clone();
    match feasible(&mut system, &mut search, budget) {
        Search::No => return Outcome::Infeasible,
        Search::Unknown => return Outcome::Unknown,
        Search::Yes => system.note_solution(),
    }
    let mut fixed: Vec<Option<(i64, Why)>> = (0..vars)
        .map(|i| {
            let v = doms[i].fixed()?;
            let w = why[i].map_or(Why::OnlyValue, Why::Equation);
            Some((i64::try_from(v).ok()?, w))
        })
        .collect();
    for (i, slot) in fixed.iter_mut().enumerate() {
        if slot.is_some() || !wanted(i) || system.seen[i] == Seen::Several {
            continue;
        }
        if let Some(v) = only_value(&mut system, &mut search, i, budget) {
            *slot = i64::try_from(v).ok().map(|v| (v, Why::OnlyValue));
        }
    }
    Outcome::Feasible { fixed }
}

/// The one value of unknown `i` that has a solution, when its few values were all decided.
fn only_value(system: &mut System, doms: &mut [Dom], i: usize, budget: &mut usize) -> Option<i128> {
    let hi = doms[i].hi?;
    if hi - doms[i].lo >= PROBE_MAX {
        return None;
    }
    let mut found = None;
    for v in doms[i].lo..=hi {
        // Two solutions already found give `i` different values: it has no one value, and
        // trying the rest would only spend the budget to say so.
        if system.seen[i] == Seen::Several {
            return None;
        }
        match system.try_value(doms, i, v, budget) {
            Search::No => {}
            Search::Unknown => return None,
            Search::Yes if found.is_some() => return None,
            Search::Yes => {
                system.note_solution();
                found = Some(v);
            }
        }
    }
    found
}

/// The values an unknown took in the solutions found so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Nothing,
    One(i128),
    Several,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Search {
    Yes,
    No,
    Unknown,
}

/// Is there a solution within `doms`? Depth-first over the unknown with the fewest values,
/// propagating after each choice. `No` only when every branch was closed. `doms` are as they
/// were when it returns.
fn feasible(system: &mut System, doms: &mut [Dom], budget: &mut usize) -> Search {
    if *budget == 0 {
        return Search::Unknown;
    }
    *budget -= 1;
    // Every unknown at its lowest bound is often a solution already (after propagation a total
    // is at least the sum of its parts' lows): checking that costs one pass over the terms, the
    // descent to it one propagation per unknown.
    if system.eqs.iter().all(|e| holds_at_lows(e, doms)) {
        system.solution.clear();
        system.solution.extend(doms.iter().map(|d| d.lo));
        return Search::Yes;
    }
    let open = (0..doms.len()).filter(|&i| doms[i].fixed().is_none());
    let pick = open.min_by_key(|&i| doms[i].hi.map_or(i128::MAX, |h| h - doms[i].lo));
    let Some(i) = pick else {
        return if system.eqs.iter().all(|e| satisfied(e, doms)) {
            system.solution.clear();
            system.solution.extend(doms.iter().map(|d| d.lo));
            Search::Yes
        } else {
            Search::No
        };
    };
    // An unbounded unknown: a few values are tried, but not finding one proves nothing.
    let (hi, complete) = match doms[i].hi {
        Some(h) => (h, true),
        None => (doms[i].lo + PROBE_MAX, false),
    };
    let mut result = Search::No;
    for v in doms[i].lo..=hi {
        match system.try_value(doms, i, v, budget) {
            Search::Yes => return Search::Yes,
            Search::Unknown => result = Search::Unknown,
            Search::No => {}
        }
    }
    if !complete {
        return Search::Unknown;
    }
    result
}

/// `eq` holds with every unknown at its lowest bound.
fn holds_at_lows(eq: &LinEq, doms: &[Dom]) -> bool {
    let sum: i128 = eq
        .terms
        .iter()
        .map(|&(i, c)| doms[i].lo * i128::from(c))
        .sum();
    sum == i128::from(eq.constant)
}

fn satisfied(eq: &LinEq, doms: &[Dom]) -> bool {
    let sum: Option<i128> = eq
        .terms
        .iter()
        .map(|&(i, c)| doms[i].fixed().map(|v| v * i128::from(c)))
        .sum();
    sum == Some(i128::from(eq.constant))
}

/// Why narrowing stopped before settling.
enum Stop {
    /// An unknown has no value left: the equations have no solution.
    Contradiction,
    /// A bound passed [`RUNAWAY`]: equations without a solution can push each other's bounds
    /// up sweep after sweep, faster and faster, towards overflowing 128 bits. The bounds so far
    /// are sound; narrowing ends there, as at the end of [`SWEEPS`].
    Runaway,
}

/// Far past any figure of a report (`MAX_PLAUSIBLE` is 10⁹) and far below 128-bit overflow.
const RUNAWAY: i128 = 1_000_000_000_000_000_000;

/// A contradiction is an answer; a runaway, like a spent budget, only ends the narrowing.
fn settled(r: Result<(), Stop>) -> Result<(), Contradiction> {
    match r {
        Err(Stop::Contradiction) => Err(Contradiction),
        Ok(()) | Err(Stop::Runaway) => Ok(()),
    }
}

struct Contradiction;

/// Narrows `doms` until nothing changes (or [`SWEEPS`] passes). Records in `why` the equation
/// that left an unknown a single value.
fn propagate(
    eqs: &[LinEq],
    doms: &mut [Dom],
    why: &mut [Option<usize>],
    budget: &mut usize,
) -> Result<(), Contradiction> {
    for _ in 0..SWEEPS {
        let mut changed = false;
        for (e, eq) in eqs.iter().enumerate() {
            if !charge(eq, budget) {
                return Ok(());
            }
            let narrowed = narrow_equation(eq, doms, |i, _, d| {
                changed = true;
                if d.fixed().is_some() && why[i].is_none() {
                    why[i] = Some(e);
                }
            });
            if narrowed.is_err() {
                return settled(narrowed);
            }
        }
        if !changed {
            return Ok(());
        }
    }
    Ok(())
}

/// Takes the work of one pass over `eq` from the budget; false when it is spent (then it is
/// 0). Out of budget, the bounds so far are sound, only less narrow, and the search that follows
/// reports Unknown. The work is counted as n² a pass over an equation of n terms, as when each
/// term summed all the others: the running sums make it about 2n, and propagating from one
/// choice visits fewer equations, but the unit stays the same.
fn charge(eq: &LinEq, budget: &mut usize) -> bool {
    let cost = eq.terms.len() * eq.terms.len();
    match budget.checked_sub(cost) {
        Some(left) => {
            *budget = left;
            true
        }
        None => {
            *budget = 0;
            false
        }
    }
}

/// Narrows each unknown of `eq` by what the others allow, in order; `changed(i, before, after)`
/// is told of each unknown whose bounds moved.
fn narrow_equation(
    eq: &LinEq,
    doms: &mut [Dom],
    mut changed: impl FnMut(usize, Dom, Dom),
) -> Result<(), Stop> {
    let mut sum = SumRange::of(eq, doms);
    for &(i, coef) in &eq.terms {
        let (lo, hi) = sum.for_term(eq.constant, term_range(coef, doms[i]));
        let narrowed = narrow(doms[i], coef, lo, hi)?;
        if narrowed != doms[i] {
            let before = doms[i];
            doms[i] = narrowed;
            // Every term of the unknown (it may stand in two) moves the sum by its change.
            for &(j, c) in &eq.terms {
                if j == i {
                    sum.add(term_range(c, before), -1);
                    sum.add(term_range(c, narrowed), 1);
                }
            }
            changed(i, before, narrowed);
        }
    }
    Ok(())
}

/// Queues the equations `eqs` not queued yet.
fn enqueue(eqs: &[usize], queued: &mut [bool], queue: &mut std::collections::VecDeque<usize>) {
    for &e in eqs {
        if !queued[e] {
            queued[e] = true;
            queue.push_back(e);
        }
    }
}

/// A component's equations with, for each unknown, the equations it stands in: after one
/// choice of the search only the equations it reaches need narrowing again.
///
/// It also keeps the search's working memory, reused from one choice to the next: the bounds
/// each choice changed (to put back when the search returns from it) and the propagation queue.
/// Copying all the bounds at every choice, in memory allocated afresh, was two thirds of the
/// time on a table of unplaced rows (a deep search over a hundred unknowns grew and handed back
/// the heap at every descent).
struct System<'a> {
    eqs: &'a [LinEq],
    of_unknown: Vec<Vec<usize>>,
    /// Each bound the search changed, as it was before: undone back to a mark when the search
    /// returns from a choice.
    trail: Vec<(usize, Dom)>,
    queued: Vec<bool>,
    queue: std::collections::VecDeque<usize>,
    moved: Vec<usize>,
    /// The last solution the search found.
    solution: Vec<i128>,
    /// Per unknown, the values it took in the solutions noted ([`Self::note_solution`]): an
    /// unknown seen with two values is known to have no one value without searching further.
    seen: Vec<Seen>,
}

impl<'a> System<'a> {
    fn new(vars: usize, eqs: &'a [LinEq]) -> System<'a> {
        let mut of_unknown = vec![Vec::new(); vars];
        for (e, eq) in eqs.iter().enumerate() {
            for &(i, _) in &eq.terms {
                if of_unknown[i].last() != Some(&e) {
                    of_unknown[i].push(e);
                }
            }
        }
        System {
            eqs,
            of_unknown,
            trail: Vec::new(),
            queued: vec![false; eqs.len()],
            queue: std::collections::VecDeque::new(),
            moved: Vec::new(),
            solution: Vec::new(),
            seen: vec![Seen::Nothing; vars],
        }
    }

    /// Adds the last solution found to the values seen.
    fn note_solution(&mut self) {
        for (seen, &v) in self.seen.iter_mut().zip(&self.solution) {
            *seen = match *seen {
                Seen::Nothing => Seen::One(v),
                Seen::One(w) if w == v => Seen::One(w),
                _ => Seen::Several,
            };
        }
    }

    /// Fixes unknown `i` to `v`, propagates, and searches on from there; `doms` are put back
    /// as they were before it returns.
    fn try_value(&mut self, doms: &mut [Dom], i: usize, v: i128, budget: &mut usize) -> Search {
        let mark = self.trail.len();
        self.trail.push((i, doms[i]));
        doms[i] = Dom { lo: v, hi: Some(v) };
        let found = if self.propagate_from(i, doms, budget).is_err() {
            Search::No
        } else {
            feasible(self, doms, budget)
        };
        while self.trail.len() > mark {
            if let Some((j, before)) = self.trail.pop() {
                doms[j] = before;
            }
        }
        found
    }

    /// [`propagate`] after unknown `start` was fixed in `doms`, which were settled before: the
    /// equations of `start` are narrowed, then those of every unknown that moved, until none
    /// moves. Narrowing only ever shrinks bounds, so the order of the visits does not change
    /// where they settle: the same bounds as sweeping every equation, in a few visits instead of
    /// two sweeps of all. At most as many visits as [`SWEEPS`] sweeps would make.
    fn propagate_from(
        &mut self,
        start: usize,
        doms: &mut [Dom],
        budget: &mut usize,
    ) -> Result<(), Contradiction> {
        // An early return leaves equations queued: start from an empty queue every time.
        while let Some(e) = self.queue.pop_front() {
            self.queued[e] = false;
        }
        enqueue(&self.of_unknown[start], &mut self.queued, &mut self.queue);
        let mut visits = SWEEPS * self.eqs.len();
        while let Some(e) = self.queue.pop_front() {
            self.queued[e] = false;
            if visits == 0 || !charge(&self.eqs[e], budget) {
                return Ok(());
            }
            visits -= 1;
            let (moved, trail) = (&mut self.moved, &mut self.trail);
            moved.clear();
            let narrowed = narrow_equation(&self.eqs[e], doms, |i, before, _| {
                moved.push(i);
                trail.push((i, before));
            });
            if narrowed.is_err() {
                return settled(narrowed);
            }
            for &i in &self.moved {
                enqueue(&self.of_unknown[i], &mut self.queued, &mut self.queue);
            }
        }
        Ok(())
    }
}

/// What `coef·x` may be for `x` in `d`: `(min, max)`, `None` for −∞ and +∞.
fn term_range(coef: i64, d: Dom) -> (Option<i128>, Option<i128>) {
    let c = i128::from(coef);
    if c >= 0 {
        (Some(c * d.lo), d.hi.map(|h| c * h))
    } else {
        (d.hi.map(|h| c * h), Some(c * d.lo))
    }
}

/// The range of the sum of an equation's terms: the finite parts of its ends, and how many
/// terms make each end infinite.
struct SumRange {
    min: i128,
    min_infinite: usize,
    max: i128,
    max_infinite: usize,
}

impl SumRange {
    fn of(eq: &LinEq, doms: &[Dom]) -> SumRange {
        let mut s = SumRange {
            min: 0,
            min_infinite: 0,
            max: 0,
            max_infinite: 0,
        };
        for &(k, c) in &eq.terms {
            s.add(term_range(c, doms[k]), 1);
        }
        s
    }

    /// Adds a term's range (`sign` 1) or takes it away (`sign` -1): exact, in whole numbers.
    fn add(&mut self, (a, b): (Option<i128>, Option<i128>), sign: i128) {
        match a {
            Some(a) => self.min += sign * a,
            None => self.min_infinite = self.min_infinite.wrapping_add_signed(sign as isize),
        }
        match b {
            Some(b) => self.max += sign * b,
            None => self.max_infinite = self.max_infinite.wrapping_add_signed(sign as isize),
        }
    }

    /// What the term whose own range is `own` may be: `constant − (the other terms)`, as
    /// `(min, max)` with `None` for −∞ and +∞.
    fn for_term(
        &self,
        constant: i64,
        own: (Option<i128>, Option<i128>),
    ) -> (Option<i128>, Option<i128>) {
        let others = |total: i128, infinite: usize, own: Option<i128>| match own {
            Some(x) => (infinite == 0).then_some(total - x),
            None => (infinite == 1).then_some(total),
        };
        let min = others(self.min, self.min_infinite, own.0);
        let max = others(self.max, self.max_infinite, own.1);
        let k = i128::from(constant);
        (max.map(|m| k - m), min.map(|m| k - m))
    }
}

/// `x`'s bounds given `lo ≤ coef·x ≤ hi`.
fn narrow(d: Dom, coef: i64, lo: Option<i128>, hi: Option<i128>) -> Result<Dom, Stop> {
    let c = i128::from(coef);
    if c == 0 {
        return Ok(d);
    }
    // Dividing by a negative coefficient swaps the bounds. The tables' coefficients are ±1:
    // no 128-bit division for them (it was a tenth of the solving's time).
    let (x_lo, x_hi) = if c == 1 {
        (lo, hi)
    } else if c == -1 {
        (hi.map(|h| -h), lo.map(|l| -l))
    } else if c > 0 {
        (lo.map(|l| div_ceil(l, c)), hi.map(|h| div_floor(h, c)))
    } else {
        (hi.map(|h| div_ceil(h, c)), lo.map(|l| div_floor(l, c)))
    };
    let new_lo = x_lo.map_or(d.lo, |l| l.max(d.lo));
    let new_hi = match (d.hi, x_hi) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if new_hi.is_some_and(|h| h < new_lo) {
        return Err(Stop::Contradiction);
    }
    if new_lo > RUNAWAY {
        return Err(Stop::Runaway);
    }
    Ok(Dom {
        lo: new_lo,
        hi: new_hi,
    })
}

fn div_floor(a: i128, b: i128) -> i128 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

fn div_ceil(a: i128, b: i128) -> i128 {
    -div_floor(-a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The propagation as it was before the running sums: each term sums all the others.
    fn propagate_pairwise(eqs: &[LinEq], doms: &mut [Dom]) -> Result<(), Stop> {
        for _ in 0..SWEEPS {
            let mut changed = false;
            for eq in eqs {
                for (t, &(i, coef)) in eq.terms.iter().enumerate() {
                    let (mut min, mut max) = (Some(0i128), Some(0i128));
                    for (j, &(k, c)) in eq.terms.iter().enumerate() {
                        if j != t {
                            let (a, b) = term_range(c, doms[k]);
                            min = min.zip(a).map(|(x, y)| x + y);
                            max = max.zip(b).map(|(x, y)| x + y);
                        }
                    }
                    let k = i128::from(eq.constant);
                    let narrowed = narrow(doms[i], coef, max.map(|m| k - m), min.map(|m| k - m))?;
                    if narrowed != doms[i] {
                        doms[i] = narrowed;
                        changed = true;
                    }
                }
            }
            if !changed {
                return Ok(());
            }
        }
        Ok(())
    }

    /// A small deterministic generator (xorshift) of random systems like the tables'.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }

        /// 1 to `eqs` equations over `vars` unknowns, each of `terms.0` plus up to `terms.1`
        /// picks (an unknown picked twice stands once, as each cell in the tables' equations),
        /// coefficients ±1 (the tables' signs), constants `constants.0` plus up to `constants.1`.
        fn system(
            &mut self,
            vars: usize,
            eqs: u64,
            terms: (u64, u64),
            constants: (i64, u64),
        ) -> Vec<LinEq> {
            (0..1 + self.below(eqs))
                .map(|_| {
                    let mut picked: Vec<(usize, i64)> = Vec::new();
                    for _ in 0..terms.0 + self.below(terms.1) {
                        let v = self.below(vars as u64) as usize;
                        if picked.iter().all(|t| t.0 != v) {
                            picked.push((v, [1, -1][self.below(2) as usize]));
                        }
                    }
                    LinEq {
                        terms: picked,
                        constant: constants.0 + self.below(constants.1) as i64,
                    }
                })
                .collect()
        }
    }

    /// Every solution of `eqs` with each of `vars` unknowns in `0..=max`, by enumeration.
    fn brute_force(vars: usize, eqs: &[LinEq], max: i64) -> Vec<Vec<i64>> {
        let mut out = Vec::new();
        let mut x = vec![0i64; vars];
        loop {
            let holds =
                |eq: &LinEq| eq.terms.iter().map(|&(i, c)| c * x[i]).sum::<i64>() == eq.constant;
            if eqs.iter().all(holds) {
                out.push(x.clone());
            }
            let Some(i) = (0..vars).find(|&i| x[i] < max) else {
                return out;
            };
            x[i] += 1;
            x[..i].iter_mut().for_each(|v| *v = 0);
        }
    }

    #[test]
    fn what_is_solved_is_what_enumeration_finds() {
        // Random systems bounded by one more equation, `Σ x + slack = max`, so that enumerating
        // 0..=max finds every solution: the solver must call infeasible exactly the systems with
        // none, and fix exactly the unknowns every solution gives one value (all are probed:
        // their bounds stay below PROBE_MAX). Every other system is made around a solution
        // (constants from a random point), so that most have one and leave unknowns open.
        let mut rng = Rng(0x1234_5678_9abc_def1);
        let (mut infeasible, mut fixed, mut open) = (0, 0, 0);
        for n in 0..3000 {
            let vars = 2 + rng.below(3) as usize;
            let max = 3 + rng.below(4) as i64;
            let mut eqs = rng.system(vars, 4, (2, 3), (0, 6));
            if n % 2 == 0 {
                let point: Vec<i64> = (0..vars)
                    .map(|_| rng.below(max as u64 / 2 + 1) as i64)
                    .collect();
                for eq in &mut eqs {
                    eq.constant = eq.terms.iter().map(|&(i, c)| c * point[i]).sum();
                }
            }
            let mut bound: Vec<(usize, i64)> = (0..=vars).map(|i| (i, 1)).collect();
            bound.rotate_left(rng.below(vars as u64 + 1) as usize);
            eqs.push(LinEq {
                terms: bound,
                constant: max,
            });
            let all = brute_force(vars + 1, &eqs, max);
            match solve_for(vars + 1, &eqs, &|_| true, &mut WORK_BUDGET.clone()) {
                Outcome::Unknown => panic!("out of budget on {eqs:?}"),
                Outcome::Infeasible => {
                    assert!(all.is_empty(), "{eqs:?} has {:?}", all[0]);
                    infeasible += 1;
                }
                Outcome::Feasible { fixed: found } => {
                    assert!(!all.is_empty(), "{eqs:?} called feasible");
                    for (i, f) in found.iter().enumerate() {
                        let one = all.iter().all(|s| s[i] == all[0][i]);
                        match f {
                            Some((v, _)) => {
                                assert!(one && all[0][i] == *v, "{eqs:?}: x{i} = {v}?");
                                fixed += 1;
                            }
                            None => {
                                assert!(!one, "{eqs:?}: x{i} is always {}", all[0][i]);
                                open += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(
            infeasible > 100 && fixed > 500 && open > 500,
            "{infeasible} infeasible, {fixed} fixed, {open} open"
        );
    }

    #[test]
    fn the_search_puts_every_bound_back() {
        // It narrows the bounds in place going down and undoes that coming back: whatever it
        // answers, the caller's bounds are as they were (each value then tried starts from them).
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut searched = 0;
        for _ in 0..300 {
            let vars = 2 + rng.below(6) as usize;
            let eqs = rng.system(vars, 4, (2, 3), (0, 5));
            let mut doms = vec![Dom { lo: 0, hi: None }; vars];
            // A search over unbounded unknowns ends only with its budget.
            let mut budget = 20_000;
            if propagate(&eqs, &mut doms, &mut vec![None; vars], &mut budget).is_err() {
                continue;
            }
            let before = doms.clone();
            let mut system = System::new(vars, &eqs);
            let found = feasible(&mut system, &mut doms, &mut budget);
            assert_eq!(doms, before, "{eqs:?} ({found:?})");
            for i in 0..vars {
                let _ = only_value(&mut system, &mut doms, i, &mut budget);
                assert_eq!(doms, before, "{eqs:?}, unknown {i}");
            }
            searched += 1;
        }
        assert!(searched > 100, "only {searched} systems searched");
    }

    #[test]
    fn propagating_from_one_choice_settles_where_sweeping_every_equation_does() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut compared = 0;
        for _ in 0..3000 {
            let vars = 2 + rng.below(10) as usize;
            let eqs = rng.system(vars, 6, (2, 5), (0, 15));
            let mut start = vec![Dom { lo: 0, hi: None }; vars];
            let ok = propagate(
                &eqs,
                &mut start,
                &mut vec![None; vars],
                &mut usize::MAX.clone(),
            )
            .is_ok();
            // Equations without a solution can push bounds up without end (one at a time, or
            // faster and faster) until the sweeps or the runaway stop end it, and where two
            // ways of visiting stop then differs: only systems that settle are compared. Settled
            // bounds stay near the constants (under 15 here); creeping ones pass 200.
            let ran_away = |doms: &[Dom]| doms.iter().any(|d| d.lo > 200);
            if !ok || ran_away(&start) {
                continue;
            }
            let i = rng.below(vars as u64) as usize;
            let v = start[i].lo + rng.below(3) as i128;
            if start[i].hi.is_some_and(|h| v > h) {
                continue;
            }
            let (mut a, mut b) = (start.clone(), start);
            a[i] = Dom { lo: v, hi: Some(v) };
            b[i] = a[i];
            let mut system = System::new(vars, &eqs);
            let ra = system
                .propagate_from(i, &mut a, &mut usize::MAX.clone())
                .is_ok();
            let rb =
                propagate(&eqs, &mut b, &mut vec![None; vars], &mut usize::MAX.clone()).is_ok();
            if ran_away(&a) || ran_away(&b) {
                continue;
            }
            assert_eq!(ra, rb, "{eqs:?} x{i} = {v}");
            if ra {
                assert_eq!(a, b, "{eqs:?} x{i} = {v}");
            }
            compared += 1;
        }
        assert!(compared > 1000, "{compared}");
    }

    #[test]
    fn running_sums_narrow_exactly_as_summing_the_others_did() {
        // Random systems, some bounds already known.
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..3000 {
            let vars = 1 + rng.below(12) as usize;
            let eqs = rng.system(vars, 5, (1, 6), (-4, 20));
            let start: Vec<Dom> = (0..vars)
                .map(|_| match rng.below(3) {
                    0 => Dom { lo: 0, hi: None },
                    1 => Dom {
                        lo: rng.below(3) as i128,
                        hi: None,
                    },
                    _ => Dom {
                        lo: 0,
                        hi: Some(rng.below(15) as i128),
                    },
                })
                .collect();
            let (mut a, mut b) = (start.clone(), start);
            let ra =
                propagate(&eqs, &mut a, &mut vec![None; vars], &mut usize::MAX.clone()).is_ok();
            let rb = settled(propagate_pairwise(&eqs, &mut b)).is_ok();
            assert_eq!(ra, rb, "{eqs:?}");
            if ra {
                assert_eq!(a, b, "{eqs:?}");
            }
        }
    }

    fn eq(terms: &[(usize, i64)], constant: i64) -> LinEq {
        LinEq {
            terms: terms.to_vec(),
            constant,
        }
    }

    fn values(o: &Outcome) -> Vec<Option<i64>> {
        match o {
            Outcome::Feasible { fixed } => fixed.iter().map(|f| f.map(|(v, _)| v)).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_zero_total_fixes_every_part() {
        // x0 + x1 + x2 = 0
        let o = solve(3, &[eq(&[(0, 1), (1, 1), (2, 1)], 0)]);
        assert_eq!(values(&o), vec![Some(0), Some(0), Some(0)]);
    }

    #[test]
    fn two_unknowns_under_a_non_zero_total_stay_open() {
        // x0 + x1 = 3
        let o = solve(2, &[eq(&[(0, 1), (1, 1)], 3)]);
        assert_eq!(values(&o), vec![None, None]);
        // … unless another equation pins one: x0 − x1 = 1 → 2 and 1.
        let o = solve(2, &[eq(&[(0, 1), (1, 1)], 3), eq(&[(0, 1), (1, -1)], 1)]);
        assert_eq!(values(&o), vec![Some(2), Some(1)]);
    }

    #[test]
    fn contradictions_are_infeasible() {
        assert_eq!(solve(1, &[eq(&[(0, 1)], -1)]), Outcome::Infeasible);
        assert_eq!(
            solve(2, &[eq(&[(0, 1), (1, 1)], 1), eq(&[(0, 1), (1, 1)], 2)]),
            Outcome::Infeasible
        );
        // Pairwise sums of 1: every bound stays 0..=1 under propagation, only the search sees
        // that no assignment fits.
        assert_eq!(
            solve(
                3,
                &[
                    eq(&[(0, 1), (1, 1)], 1),
                    eq(&[(1, 1), (2, 1)], 1),
                    eq(&[(0, 1), (2, 1)], 1)
                ]
            ),
            Outcome::Infeasible
        );
        // Parity: 2·x0 = 3 has no integer solution.
        assert_eq!(solve(1, &[eq(&[(0, 2)], 3)]), Outcome::Infeasible);
    }

    #[test]
    fn chained_equations_are_solved() {
        // x0 + x1 = 1, x1 + x2 = 1, x0 + x2 = 2 → x0 = 1, x1 = 0, x2 = 1.
        let o = solve(
            3,
            &[
                eq(&[(0, 1), (1, 1)], 1),
                eq(&[(1, 1), (2, 1)], 1),
                eq(&[(0, 1), (2, 1)], 2),
            ],
        );
        assert_eq!(values(&o), vec![Some(1), Some(0), Some(1)]);
    }

    #[test]
    fn unbounded_unknowns_are_never_fixed() {
        // x0 = x1 + 2: any x1 ≥ 0 fits.
        let o = solve(2, &[eq(&[(0, 1), (1, -1)], 2)]);
        assert_eq!(values(&o), vec![None, None]);
    }
}
