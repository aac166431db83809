//! 报送情况: the roster as the county sends it up — each unit that must report, its report (or
//! 未报), its status with the date, whether it was published on time and its open errors. Only
//! written when a roster was given; without one the units are just the reports (核查要点).

use super::style::{self, Mark, Styles};
use super::units::{Timeliness, Units};
use crate::model::{file_name, Report};
use rust_xlsxwriter::{Worksheet, XlsxError};

pub const SHEET: &str = "报送情况";

const COLUMNS: [(&str, f64); 7] = [
    ("序号", 6.0),
    ("单位", 26.0),
    ("报告文件", 30.0),
    ("状态", 12.0),
    ("状态日期", 12.0),
    ("公布", 10.0),
    ("待改正错误", 10.0),
];

pub fn write(
    ws: &mut Worksheet,
    st: &Styles,
    units: &Units,
    reports: &[Report],
) -> Result<(), XlsxError> {
    for (c, (name, w)) in COLUMNS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
        ws.write_string_with_format(0, c as u16, *name, &st.header)?;
    }
    for (k, u) in units.units.iter().enumerate() {
        let y = 1 + k as u32;
        ws.write_number_with_format(y, 0, (k + 1) as f64, &st.centered)?;
        ws.write_string_with_format(y, 1, &u.name, st.text(Mark::None))?;
        let file = u
            .report
            .and_then(|i| reports.get(i))
            .map(|r| file_name(&r.file));
        match file {
            Some(f) => ws.write_string_with_format(y, 2, f, st.text(Mark::None))?,
            None => ws.write_string_with_format(y, 2, "未报", st.text(Mark::Error))?,
        };
        let mark = if u.report.is_none() {
            Mark::Error
        } else {
            Mark::None
        };
        ws.write_string_with_format(y, 3, u.status_label(), st.text(mark))?;
        ws.write_string_with_format(
            y,
            4,
            u.since.map_or(String::new(), |d| d.iso()),
            &st.centered,
        )?;
        let (on_time, mark) = match u.timeliness {
            Some(Timeliness::OnTime) => ("按时", Mark::None),
            Some(Timeliness::Late) => ("逾期", Mark::Warning),
            Some(Timeliness::Unknown) => ("日期不明", Mark::None),
            None => ("—", Mark::None),
        };
        ws.write_string_with_format(y, 5, on_time, st.text(mark))?;
        match u.report {
            Some(_) => ws.write_number_with_format(y, 6, u.errors as f64, &st.centered)?,
            None => ws.write_string_with_format(y, 6, "—", &st.centered)?,
        };
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    style::print_setup(ws, SHEET, style::Orientation::Portrait, style::Fit::Width);
    Ok(())
}
