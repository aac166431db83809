//! 对比图表: the towns side by side — applications handled, stacked by outcome, and new
//! applications, stacked by applicant type. Both read their data from 汇总对比 (its counted rows:
//! no duplicate, no body of another tier), so a filter or a corrected number there shows here too.

use super::figures::{Figure, Role};
use super::style::{self, Styles};
use super::summary::SummaryLayout;
use crate::model::Report;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartFont, ChartLegendPosition, ChartType, Worksheet, XlsxError,
};

pub const SHEET: &str = "对比图表";
/// Pixels per town in a chart, so that names stay readable with many towns.
const BAR_PIXELS: u32 = 24;
const CHART_WIDTH: u32 = 900;
/// The most that prints on one A4-landscape page under the title at 100 % (the page holds 509 pt,
/// 678 px); beyond it the bars just get thinner, so that each chart stays on its own page.
const MAX_HEIGHT: u32 = 620;
/// The size of the charts' text; at the scale chosen it prints at 9 pt or more.
const CHART_FONT_PT: f64 = 10.0;
const _: () = assert!(CHART_FONT_PT >= style::MIN_PRINTED_PT);
/// Rows (of 20 px) between the two charts' tops.
const ROW_PIXELS: u32 = 20;

pub fn write(
    ws: &mut Worksheet,
    st: &Styles,
    figures: &[Figure],
    at: &SummaryLayout,
    reports: &[&Report],
) -> Result<(), XlsxError> {
    ws.write_string_with_format(
        0,
        0,
        format!("各机关依申请公开情况对比（数据取自“{}”表）", at.sheet),
        &st.title,
    )?;
    let o = style::Orientation::Landscape;
    if reports.is_empty() || at.last_row < at.first_row {
        ws.write_string(2, 0, "没有计入合计的报告，不作图。")?;
        style::print_setup(ws, SHEET, o, style::Fit::Width);
        return Ok(());
    }
    let height = (BAR_PIXELS * reports.len() as u32 + 160).clamp(360, MAX_HEIGHT);
    let outcome = Plot {
        title: "本年度办理结果（件）",
        role: Role::Outcome,
        height,
        largest: largest_bar(figures, reports, Role::Outcome),
    };
    let applicants = Plot {
        title: "本年新收申请，按申请人（件）",
        role: Role::Applicant,
        height,
        largest: largest_bar(figures, reports, Role::Applicant),
    };
    ws.insert_chart(2, 0, &chart(&outcome, figures, at))?;
    // Each chart on its own page when printed.
    let second_row = 2 + height / ROW_PIXELS + 2;
    ws.insert_chart(second_row, 0, &chart(&applicants, figures, at))?;
    ws.set_page_breaks(&[second_row - 1])?;
    // One page wide, each chart on a page of its own: the chart is narrower than the page and
    // short enough to fit under the title at 100 %, so its 10 pt text prints at 10 pt in Excel.
    style::print_setup(ws, SHEET, o, style::Fit::Width);
    Ok(())
}

struct Plot {
    title: &'static str,
    role: Role,
    height: u32,
    /// The longest bar, to choose whole-number ticks.
    largest: f64,
}

fn largest_bar(figures: &[Figure], reports: &[&Report], role: Role) -> f64 {
    reports
        .iter()
        .map(|r| {
            figures
                .iter()
                .filter(|f| f.role == role)
                .filter_map(|f| f.value(r).number())
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

fn chart(plot: &Plot, figures: &[Figure], at: &SummaryLayout) -> Chart {
    let (title, role, height) = (plot.title, plot.role, plot.height);
    let mut font = ChartFont::new();
    // 10 pt, as Excel's default, set so that every reader prints the same.
    font.set_name(style::FONT).set_size(CHART_FONT_PT);
    let mut bold = font.clone();
    bold.set_bold();
    let mut chart = Chart::new(ChartType::BarStacked);
    chart.title().set_name(title).set_font(&bold);
    for (k, f) in figures.iter().enumerate().filter(|(_, f)| f.role == role) {
        let col = at.figure_cols[k];
        chart
            .add_series()
            .set_name(f.header.as_str())
            .set_categories((
                at.sheet.as_str(),
                at.first_row,
                at.agency_col,
                at.last_row,
                at.agency_col,
            ))
            .set_values((at.sheet.as_str(), at.first_row, col, at.last_row, col));
    }
    // In a bar chart the towns are on the y axis, drawn bottom-up: reverse it so that they read
    // in the summary's order, and keep the value axis at the bottom.
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max)
        .set_font(&font);
    chart.x_axis().set_num_format("0").set_font(&font);
    if plot.largest <= 10.0 {
        // Counts of applications: no 0.5 ticks.
        chart.x_axis().set_major_unit(1.0);
    }
    chart
        .legend()
        .set_position(ChartLegendPosition::Top)
        .set_font(&font);
    chart.set_width(CHART_WIDTH).set_height(height);
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_fits_its_page_at_full_size() {
        let o = style::Orientation::Landscape;
        let (w, h) = o.printable();
        // The title row and the blank row above the chart (20 px each), and the chart.
        let tall = (2 * ROW_PIXELS + MAX_HEIGHT) as f64 * 0.75;
        assert!(tall <= h, "{tall} pt");
        assert!(f64::from(CHART_WIDTH) * 0.75 <= w);
    }
}
