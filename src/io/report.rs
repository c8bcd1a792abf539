//! The weekly renewal report a manager sends (`runway report --md|--html`): one list
//! of blocks, written out as Markdown or as a self-contained HTML page whose charts
//! are inline SVG. Every piece of book text (names, owners, reasons) is made inert
//! and escaped for the format it lands in.

use crate::domain::money::{Cur, Money, NumberStyle};
use crate::domain::moves::TrendPoint;
use crate::domain::text::inert;

/// A table: header cells and rows of plain (unescaped) text.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What a report is made of.
#[derive(Clone, Debug)]
pub enum Block {
    Heading(String),
    Para(String),
    Table(Table),
    /// A trend chart (HTML only; Markdown shows the same numbers as a table).
    Trend(Vec<TrendPoint>, String),
}

#[derive(Clone, Debug)]
pub struct Report {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// Book text for Markdown: inert, and every character Markdown gives a meaning to
/// escaped, so a name cannot open a link, an image, a table cell or raw HTML.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in inert(s).chars() {
        match c {
            // CommonMark lets a backslash escape any ASCII punctuation; `<` and `&`
            // escaped so, a name can open neither raw HTML nor an entity.
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '|' | '!' | '~' | '>' | '{'
            | '}' | '<' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Book text for HTML: inert and entity-escaped.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in inert(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn trend_table(points: &[TrendPoint], style: Option<NumberStyle>) -> Table {
    Table {
        head: vec![
            "week".into(),
            "currency".into(),
            "forecast".into(),
            "commit".into(),
            "at risk".into(),
        ],
        rows: points
            .iter()
            .map(|p| {
                let cur = Cur::new(&p.currency, style);
                vec![
                    p.day.to_string(),
                    p.currency.clone(),
                    p.forecast.format(&cur),
                    p.commit.format(&cur),
                    p.at_risk.format(&cur),
                ]
            })
            .collect(),
    }
}

fn md_table(t: &Table, out: &mut String) {
    let row = |cells: &[String]| {
        format!(
            "| {} |\n",
            cells
                .iter()
                .map(|c| md_escape(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )
    };
    out.push_str(&row(&t.head));
    out.push_str(&format!("|{}\n", "---|".repeat(t.head.len())));
    for r in &t.rows {
        out.push_str(&row(r));
    }
    out.push('\n');
}

pub fn markdown(r: &Report, style: Option<NumberStyle>) -> String {
    let mut out = format!("# {}\n\n", md_escape(&r.title));
    for b in &r.blocks {
        match b {
            Block::Heading(h) => out.push_str(&format!("## {}\n\n", md_escape(h))),
            Block::Para(p) => out.push_str(&format!("{}\n\n", md_escape(p))),
            Block::Table(t) => md_table(t, &mut out),
            Block::Trend(points, _) => md_table(&trend_table(points, style), &mut out),
        }
    }
    out
}

fn html_table(t: &Table, out: &mut String) {
    out.push_str("<table>\n<tr>");
    for h in &t.head {
        out.push_str(&format!("<th>{}</th>", html_escape(h)));
    }
    out.push_str("</tr>\n");
    for r in &t.rows {
        out.push_str("<tr>");
        for c in r {
            out.push_str(&format!("<td>{}</td>", html_escape(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

/// The trend of one currency as an SVG line chart: forecast, commit and at-risk ARR,
/// told apart by dash pattern and a legend as well as colour (never colour alone).
pub fn trend_svg(points: &[TrendPoint], currency: &str) -> String {
    use plotters::prelude::*;
    let pts: Vec<&TrendPoint> = points.iter().filter(|p| p.currency == currency).collect();
    let mut svg = String::new();
    if pts.is_empty() {
        return svg;
    }
    let major = |m: Money| m.major_f64();
    let top = pts
        .iter()
        .flat_map(|p| [major(p.forecast), major(p.commit), major(p.at_risk)])
        .fold(1.0_f64, f64::max)
        * 1.1;
    let n = pts.len();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 300)).into_drawing_area();
        let drawn = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
            root.fill(&WHITE)?;
            let mut chart = ChartBuilder::on(&root)
                .margin(10)
                .x_label_area_size(30)
                .y_label_area_size(70)
                .build_cartesian_2d(0..(n.max(2) - 1), 0.0..top)?;
            chart
                .configure_mesh()
                .x_labels(n.min(7))
                .x_label_formatter(&|i| {
                    pts.get(*i)
                        .map(|p| p.day.format("%m-%d").to_string())
                        .unwrap_or_default()
                })
                .y_label_formatter(&|v| format!("{:.0}k", v / 1000.0))
                .y_desc(currency.to_string())
                .draw()?;
            type Series = (&'static str, RGBColor, fn(&TrendPoint) -> Money, u32);
            let series: [Series; 3] = [
                ("forecast", RGBColor(31, 119, 180), |p| p.forecast, 0),
                ("commit", RGBColor(44, 160, 44), |p| p.commit, 6),
                ("at risk", RGBColor(214, 39, 40), |p| p.at_risk, 2),
            ];
            for (name, color, value, dash) in series {
                let data: Vec<(usize, f64)> = pts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (i, major(value(p))))
                    .collect();
                let style = color.stroke_width(2);
                let s = if dash == 0 {
                    chart.draw_series(LineSeries::new(data, style))?
                } else {
                    chart.draw_series(DashedLineSeries::new(data, dash * 2, dash, style))?
                };
                s.label(name).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                });
            }
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()?;
            root.present()?;
            Ok(())
        })();
        if drawn.is_err() {
            return String::new();
        }
    }
    svg
}

/// A self-contained page: inline CSS and SVG, no script, no external resource.
pub fn html(r: &Report) -> String {
    let mut body = format!("<h1>{}</h1>\n", html_escape(&r.title));
    for b in &r.blocks {
        match b {
            Block::Heading(h) => body.push_str(&format!("<h2>{}</h2>\n", html_escape(h))),
            Block::Para(p) => body.push_str(&format!("<p>{}</p>\n", html_escape(p))),
            Block::Table(t) => html_table(t, &mut body),
            Block::Trend(points, currency) => {
                let svg = trend_svg(points, currency);
                if !svg.is_empty() {
                    body.push_str(&format!(
                        "<figure role=\"img\" aria-label=\"{} trend\">{}</figure>\n",
                        html_escape(currency),
                        svg.trim_start_matches(|c| c != '<')
                            .trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                    ));
                }
                html_table(&trend_table(points, None), &mut body);
            }
        }
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{}</title>\n<style>body{{font-family:sans-serif;max-width:64em;margin:2em auto;padding:0 1em}}\
         td,th{{border:1px solid #999;padding:.25em .5em;text-align:left}}table{{border-collapse:collapse;margin:.5em 0 1.5em}}\
         figure{{margin:0}}</style></head>\n<body>\n{body}</body></html>\n",
        html_escape(&r.title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_escaped_for_both_formats() {
        let evil = "<script>alert(1)</script> [x](javascript:1) | *b* \u{202E}";
        let h = html_escape(evil);
        assert!(!h.contains('<') && !h.contains('\u{202E}'));
        let m = md_escape(evil);
        let all_escaped =
            |s: &str, c: char| s.match_indices(c).all(|(i, _)| s[..i].ends_with('\\'));
        assert!(all_escaped(&m, '<') && all_escaped(&m, '|') && all_escaped(&m, '['));
        assert!(m.contains("\\<script\\>") && !m.contains("]("));
        let r = Report {
            title: "Weekly".into(),
            blocks: vec![Block::Table(Table {
                head: vec!["account".into()],
                rows: vec![vec![evil.into()]],
            })],
        };
        assert!(!html(&r).contains("<script>"));
        assert!(markdown(&r, None).contains("| \\<script"));
    }

    #[test]
    fn the_trend_chart_is_inline_svg() {
        let p = |d: &str, f: i64| TrendPoint {
            day: d.parse().unwrap(),
            currency: "USD".into(),
            forecast: Money::from_major(f),
            commit: Money::from_major(f / 2),
            at_risk: Money::from_major(f / 4),
        };
        let svg = trend_svg(&[p("2026-11-15", 1000), p("2026-11-22", 1200)], "USD");
        assert!(svg.contains("<svg"), "{svg}");
        assert!(svg.contains("forecast") && svg.contains("at risk"));
        assert!(trend_svg(&[], "USD").is_empty());
    }
}
