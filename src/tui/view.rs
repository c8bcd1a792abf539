//! Drawing the cockpit: header, the current pane, the footer of key hints, overlays.
//! Reads `App`, never changes it.

use super::app::{App, Overlay, Pane};
use super::layout::{MIN_HEIGHT, MIN_WIDTH, centered, wrap_words, wrapped_height};
use crate::domain::text::inert;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn render(app: &App, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "Window too small: runway needs {MIN_WIDTH}×{MIN_HEIGHT}, this is {}×{}.",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let [header, tabs, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, f, header);
    render_tabs(app, f, tabs);
    match app.pane {
        Pane::Queue => super::queue::render(
            f,
            body,
            &app.queue,
            &super::queue::RenderCx {
                theme: &app.theme,
                cfg: &app.cfg,
                today: app.today,
                currency: &app.currency,
                loading: app.queue_loading(),
            },
        ),
        Pane::Account => super::account::render(f, body, &app.acct, &app.theme),
        Pane::Save => super::save::render(f, body, &app.save, &app.theme, &app.cfg),
        Pane::Proposal => super::proposal::render(f, body, &app.prop, &app.theme, &app.cfg),
        Pane::Portfolio => match &app.portfolio {
            Some(h) => super::portfolio::render(f, body, &h.state, &h.data, &app.theme),
            None => f.render_widget(Paragraph::new("Reading the portfolio…"), body),
        },
    }
    render_footer(app, f, footer);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help(scroll) => render_help(app, f, area, *scroll),
        Overlay::Form(form, _) => form.render(f, area, &app.theme),
        Overlay::Info { title, lines } => render_info(app, f, area, title, lines),
        Overlay::Filter => render_filter_input(app, f, footer),
        Overlay::Palette(p) => super::palette_view::render(app, p, f, area),
        Overlay::Command(c) => render_command(app, c, f, footer),
        Overlay::Import(job) => render_import(app, job, f, area),
    }
}

fn render_header(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let s = &app.queue.window_summary;
    let cur = app.currency.as_str();
    let style = app.cfg.book.number_style();
    let mut spans = vec![Span::styled(
        " Runway ",
        t.title().add_modifier(Modifier::REVERSED),
    )];
    // In words, not colour: a book that cannot take edits says so before anything else.
    if app.store.damaged().is_some() {
        spans.push(Span::styled(" DAMAGED — edits off ", t.selected()));
    } else if app.store.read_only().is_some() {
        spans.push(Span::styled(" READ-ONLY ", t.selected()));
    }
    spans.extend([
        Span::raw(format!(" {} ", inert(&app.book_name))),
        Span::styled("│", t.muted()),
        Span::raw(format!(" {} ", app.today)),
        Span::styled("│", t.muted()),
        Span::raw(match app.queue.window {
            Some(w) => format!(" {} due ≤{w}d ", s.renewals),
            None => format!(" {} open ", s.renewals),
        }),
        Span::styled("│", t.muted()),
        Span::raw(if area.width >= 100 {
            format!(
                " forecast {} of {} ",
                s.weighted.compact(style, cur),
                s.arr.compact(style, cur)
            )
        } else {
            format!(" fcst {} ", s.weighted.compact(style, cur))
        }),
    ]);
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_tabs(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut spans = Vec::new();
    for (i, p) in Pane::ALL.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, p.title());
        if *p == app.pane {
            // Brackets as well as reverse video, so the current pane shows without colour.
            spans.push(Span::styled(format!("[{}]", label.trim()), t.selected()));
            spans.push(Span::raw(" "));
        } else {
            spans.push(Span::styled(label, t.muted()));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_footer(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let line = match &app.message {
        Some(m) => {
            // A message longer than the line ends on a whole word and `…`.
            let w = (area.width as usize).saturating_sub(2).max(1);
            let lines = wrap_words(&inert(m), w);
            let mut shown = lines.first().cloned().unwrap_or_default();
            if lines.len() > 1 {
                shown = wrap_words(&shown, w.saturating_sub(1))
                    .first()
                    .cloned()
                    .unwrap_or_default();
                shown.push('…');
            }
            Line::from(Span::styled(
                format!(" {shown}"),
                t.warn().add_modifier(Modifier::BOLD),
            ))
        }
        None => {
            // Whole hints only: when they do not all fit, the last ones go first,
            // but "help" and "quit" always stay (a hint cut mid-word helps nobody).
            let mut hints = app.keymap.hints(app.pane.ctx());
            let width = |h: &[(String, &str)]| -> usize {
                h.iter()
                    .map(|(k, l)| k.chars().count() + l.chars().count() + 3)
                    .sum()
            };
            while width(&hints) > area.width as usize {
                let Some(i) = hints
                    .iter()
                    .rposition(|(_, l)| !matches!(*l, "help" | "quit"))
                else {
                    break;
                };
                hints.remove(i);
            }
            let mut spans = Vec::new();
            for (key, label) in hints {
                spans.push(Span::styled(format!(" {key}"), t.key()));
                spans.push(Span::raw(format!(" {label} ")));
            }
            Line::from(spans)
        }
    };
    f.render_widget(Paragraph::new(line), area);
}

fn render_help(app: &App, f: &mut Frame, area: Rect, scroll: u16) {
    let t = &app.theme;
    let ctx = app.pane.ctx();
    // The box is up to 96 wide; 16 columns go to the keys, 2 to the borders.
    let text_w = (96.min(area.width) as usize).saturating_sub(18).max(10);
    let mut lines: Vec<Line> = Vec::new();
    let mut section = "";
    for (b, keys) in app.keymap.help_rows_for(ctx) {
        if b.section != section {
            section = b.section;
            lines.push(Line::from(Span::styled(
                section.to_string(),
                t.column_header(),
            )));
        }
        // The action's name is what the config's `[keys]` table rebinds. Long
        // descriptions wrap under themselves, keeping the key column clear.
        let text = format!("{}  ({})", b.help, b.name);
        for (i, part) in wrap_words(&text, text_w).into_iter().enumerate() {
            let lead = if i == 0 {
                Span::styled(format!("  {keys:<14}"), t.key())
            } else {
                Span::raw(" ".repeat(16))
            };
            lines.push(Line::from(vec![lead, Span::raw(part)]));
        }
    }
    lines.push(Line::from(Span::styled(
        "  Ctrl-C        Quit at once, from anywhere",
        t.muted(),
    )));
    if ctx == super::keymap::Ctx::Queue {
        // Every flag and its short form (used when the column is narrow): no two
        // share an abbreviation.
        lines.push(Line::from(Span::styled(
            "Flags (long / short)",
            t.column_header(),
        )));
        for (long, short, what) in super::format::FLAG_LEGEND {
            let text = format!("{long} / {short}  {what}");
            for (i, part) in wrap_words(&text, text_w + 14).into_iter().enumerate() {
                let lead = if i == 0 { "  " } else { "    " };
                lines.push(Line::from(Span::raw(format!("{lead}{part}"))));
            }
        }
    }
    lines.push(Line::from(Span::styled(
        "Commands (type : then the command; Tab lists them)",
        t.column_header(),
    )));
    for (name, what) in super::cmdline::COMMANDS {
        let what = what.split_once(" — ").map_or(*what, |(_, w)| w);
        for (i, part) in wrap_words(what, text_w).into_iter().enumerate() {
            let lead = if i == 0 {
                Span::styled(format!("  :{name:<13}"), t.key())
            } else {
                Span::raw(" ".repeat(16))
            };
            lines.push(Line::from(vec![lead, Span::raw(part)]));
        }
    }
    // Long lines wrap (a narrow window must not cut a description off); the box is as
    // tall as the wrapped text, up to the screen.
    let wrapped = wrapped_height(&lines, 96.min(area.width).saturating_sub(2));
    let h = wrapped.saturating_add(2).min(area.height);
    let r = centered(area, 96, h);
    let more = wrapped > h.saturating_sub(2);
    // Never scroll past the end (holding j must not leave an empty box).
    let scroll = scroll.min(wrapped.saturating_sub(h.saturating_sub(2)));
    let title = if more {
        " Keys — j/k scroll · Esc closes "
    } else {
        " Keys — Esc closes "
    };
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(Block::default().borders(Borders::ALL).title(title)),
        r,
    );
}

fn render_info(app: &App, f: &mut Frame, area: Rect, title: &str, lines: &[String]) {
    use unicode_width::UnicodeWidthStr;
    let inner_w = 76.min(area.width).saturating_sub(2).max(1) as usize;
    let rows_of = |l: &str| l.width().div_ceil(inner_w).max(1);
    // A long report (an import's problems) shows what fits and says how much is left,
    // rather than losing the closing hint off the bottom of the box.
    let room = area.height.saturating_sub(4).max(1) as usize;
    let mut used = 0;
    let mut text: Vec<Line> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let l = inert(l);
        let need = rows_of(&l);
        if used + need > room {
            text.push(Line::from(Span::styled(
                format!(
                    "… {} (the CLI prints them all)",
                    crate::io::text::count(lines.len() - i, "more line", "more lines")
                ),
                app.theme.muted(),
            )));
            used += 1;
            break;
        }
        used += need;
        text.push(Line::from(l.into_owned()));
    }
    text.push(Line::from(Span::styled(
        "any key closes",
        app.theme.muted(),
    )));
    let h = (used as u16 + 3).min(area.height);
    let r = centered(area, 76, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", inert(title))),
        ),
        r,
    );
}

fn render_import(app: &App, job: &super::app::import_job::ImportJob, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let r = centered(area, 76, 6);
    f.render_widget(Clear, r);
    let block = Block::default().borders(Borders::ALL).title(" Import ");
    let inner = block.inner(r);
    f.render_widget(block, r);
    let [label, gauge, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
    ])
    .areas(inner);
    f.render_widget(Paragraph::new(inert(&job.label).into_owned()), label);
    // Percentages in the text as well as the bar, so the progress reads without colour.
    // Once every row is read the last stretch is the commit and the queue's reload.
    let secs = job.started.elapsed().as_secs();
    let text = if job.waiting {
        format!("waiting for another runway to finish writing · {secs} s")
    } else if job.ratio() >= 1.0 {
        format!("finishing — saving and reloading · {secs} s")
    } else {
        // Rounded down: 100% appears only when it is true.
        format!("{}% · {secs} s", (job.ratio() * 100.0).floor())
    };
    f.render_widget(
        ratatui::widgets::Gauge::default()
            .ratio(job.ratio())
            .label(text)
            .gauge_style(t.selected()),
        gauge,
    );
    let note = if job.cancelling {
        "cancelling — nothing will be written"
    } else {
        "Esc cancels (nothing is written until the whole file checks out)"
    };
    f.render_widget(
        Paragraph::new(Span::styled(note, t.muted())).wrap(Wrap { trim: false }),
        hint,
    );
}

fn render_filter_input(app: &App, f: &mut Frame, footer: Rect) {
    let t = &app.theme;
    let spans = vec![
        Span::styled("/", t.key()),
        Span::raw(inert(&app.queue.text).into_owned()),
        Span::raw("█"),
        Span::styled(
            format!(
                "   {} shown · Enter keeps · Esc clears",
                app.queue.view.len()
            ),
            t.muted(),
        ),
    ];
    f.render_widget(Clear, footer);
    f.render_widget(Paragraph::new(Line::from(spans)), footer);
}

fn render_command(app: &App, c: &super::cmdline::CommandLine, f: &mut Frame, footer: Rect) {
    let t = &app.theme;
    let cands = c.candidates();
    let mut spans = vec![
        Span::styled(":", t.key()),
        Span::raw(inert(&c.input).into_owned()),
        Span::styled("█", Style::default()),
    ];
    if !cands.is_empty() && !c.input.is_empty() {
        spans.push(Span::styled(
            format!("   Tab: {}", cands.join(" ")),
            t.muted(),
        ));
    }
    f.render_widget(Clear, footer);
    f.render_widget(Paragraph::new(Line::from(spans)), footer);
    if c.listing {
        // Every command with what it does, in a box just above the line.
        let lines: Vec<Line> = super::cmdline::COMMANDS
            .iter()
            .map(|(name, what)| {
                Line::from(vec![
                    Span::styled(format!(" :{name:<7}"), t.key()),
                    Span::raw(what.split_once(" — ").map_or(*what, |(_, w)| w).to_string()),
                ])
            })
            .collect();
        let rows = wrapped_height(&lines, footer.width.saturating_sub(2)) + 2;
        let h = rows.min(footer.y);
        let area = Rect {
            x: footer.x,
            y: footer.y.saturating_sub(h),
            width: footer.width,
            height: h,
        };
        f.render_widget(Clear, area);
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" Commands (Tab) "),
            ),
            area,
        );
    }
}
