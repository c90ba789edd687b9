//! `report.pdf`: the report's blocks laid out on A4 pages with an embedded font (DejaVu Sans,
//! `assets/fonts/`, licence beside it). The font covers Latin, Greek, Cyrillic, Arabic, Hebrew
//! and more; a character it lacks (Chinese, Devanagari, emoji) is written as its code point,
//! `[U+5B89]`, so it degrades visibly and exactly instead of vanishing or becoming a box.
//! Tables are laid out as one labelled block per row, which reads well on paper at any width.
//! Values from the vault are escaped and right-to-left text is put in visual order as in the
//! HTML report (`pdf_text.rs`).

use krilla::geom::{Point, Size, Transform};
use krilla::image::Image;
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::text::Font;
use krilla::Document;

use super::pdf_text::{self, Run};
use super::report::Block;
use super::thumbs::Thumb;
use crate::error::{Error, Result};
use crate::i18n::Message;

const REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
/// A generous average advance for DejaVu Sans, as a share of the font size; lines are broken
/// by this estimate, so they may end a little short but never run off the page.
const ADVANCE: f32 = 0.62;

/// One line to draw: text (its runs in visual order), or a picture as tall as `size`.
struct Line<'a> {
    picture: Option<&'a Thumb>,
    runs: Vec<Run>,
    size: f32,
    bold: bool,
    indent: f32,
    /// Space above the line.
    gap: f32,
}

/// Breaks `text` into lines that fit `width` points at `size`; a word too long for a line
/// (a hash, an address) is cut.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let max = ((width / (size * ADVANCE)) as usize).max(8);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let mut word: Vec<char> = word.chars().collect();
            while word.len() > max {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                lines.push(word.drain(..max).collect());
            }
            let word: String = word.into_iter().collect();
            let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
            if needed > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    lines
}

/// Adds `text`, wrapped to the page, as lines.
fn push(out: &mut Vec<Line<'_>>, text: &str, size: f32, bold: bool, indent: f32, gap: f32) {
    use skrifa::MetadataProvider;
    let width = PAGE_W - 2.0 * MARGIN - indent;
    // A character the font lacks is written as its code (if the font cannot be read, as it is).
    let charmap = skrifa::FontRef::new(REGULAR).ok().map(|font| font.charmap());
    let covers = |c: char| charmap.as_ref().is_none_or(|map| map.map(c).is_some());
    let lines = pdf_text::balanced(wrap(&pdf_text::prepare(text, covers), size, width));
    for (i, piece) in lines.iter().enumerate() {
        let runs = pdf_text::visual_runs(piece);
        out.push(Line { picture: None, runs, size, bold, indent, gap: if i == 0 { gap } else { 0.0 } });
    }
}

fn lines<'a>(blocks: &[Block<'a>]) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let mut pictures = Vec::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => push(&mut out, text, if *level == 1 { 20.0 } else { 14.0 }, true, 0.0, 14.0),
            Block::Para(text) => push(&mut out, text, 10.0, false, 0.0, 6.0),
            Block::Note(text) => push(&mut out, text, 10.0, false, 12.0, 6.0),
            Block::Picture(caption, thumb) => {
                // Pictures are placed in order after the text; their captions go with them.
                pictures.push((caption.clone(), *thumb));
            }
            Block::Table(headings, rows) => {
                for row in rows {
                    let mut first = true;
                    for (heading, cell) in headings.iter().zip(row) {
                        if cell.is_empty() {
                            continue;
                        }
                        let gap = if first { 8.0 } else { 0.0 };
                        match (heading.is_empty(), first) {
                            (true, true) => push(&mut out, cell, 10.0, true, 0.0, gap),
                            (true, false) => push(&mut out, cell, 10.0, false, 12.0, gap),
                            (false, true) => push(&mut out, &format!("{heading}: {cell}"), 10.0, true, 0.0, gap),
                            (false, false) => push(&mut out, &format!("{heading}: {cell}"), 9.0, false, 12.0, gap),
                        }
                        first = false;
                    }
                }
            }
        }
    }
    for (caption, thumb) in pictures {
        // At most 0.6 points per pixel, within the text width.
        let scale = ((PAGE_W - 2.0 * MARGIN) / thumb.width as f32).min(0.6);
        push(&mut out, &caption, 10.0, true, 0.0, 10.0);
        let size = thumb.height as f32 * scale;
        out.push(Line { picture: Some(thumb), runs: Vec::new(), size, bold: false, indent: 0.0, gap: 4.0 });
    }
    out
}

/// The two faces of the font, for krilla (which embeds it) and for shaping.
struct Faces<'f> {
    regular: (Font, rustybuzz::Face<'f>),
    bold: (Font, rustybuzz::Face<'f>),
}

/// Draws a line's runs from `start`, left to right.
fn draw_runs(surface: &mut Surface<'_>, start: Point, face: &(Font, rustybuzz::Face<'_>), size: f32, runs: &[Run]) {
    let mut x = start.x;
    for run in runs {
        let (glyphs, width) = pdf_text::shape(&face.1, run);
        surface.draw_glyphs(Point::from_xy(x, start.y), &glyphs, face.0.clone(), &run.text, size, false);
        x += width * size;
    }
}

/// The report's blocks as a PDF.
pub fn render(blocks: &[Block]) -> Result<Vec<u8>> {
    let broken = |what: &str| Error::Integrity(Message::new("integrity.pdf").with("detail", what));
    let face = |bytes: &'static [u8], what: &str| {
        let font = Font::new(bytes.to_vec().into(), 0);
        let shaper = rustybuzz::Face::from_slice(bytes, 0);
        font.zip(shaper).ok_or_else(|| broken(what))
    };
    let faces = Faces { regular: face(REGULAR, "regular font")?, bold: face(BOLD, "bold font")? };
    let settings = || PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| broken("page size"));
    let all = lines(blocks);
    let mut document = Document::new();
    let mut at = 0;
    let mut number = 0;
    while at < all.len() {
        number += 1;
        let mut page = document.start_page_with(settings()?);
        let mut surface = page.surface();
        let mut y = MARGIN;
        while at < all.len() {
            let line = &all[at];
            let step = if line.picture.is_some() { line.gap + line.size } else { line.gap + line.size * 1.35 };
            if y + step > PAGE_H - MARGIN - 20.0 && y > MARGIN {
                break;
            }
            if let Some(thumb) = line.picture {
                let scale = line.size / thumb.height as f32;
                let size =
                    Size::from_wh(thumb.width as f32 * scale, line.size).ok_or_else(|| broken("picture size"))?;
                let image = Image::from_rgba8(thumb.rgba.clone(), thumb.width, thumb.height);
                surface.push_transform(&Transform::from_translate(MARGIN, y + line.gap));
                surface.draw_image(image, size);
                surface.pop();
                y += step;
                at += 1;
                continue;
            }
            y += step;
            let face = if line.bold { &faces.bold } else { &faces.regular };
            draw_runs(&mut surface, Point::from_xy(MARGIN + line.indent, y), face, line.size, &line.runs);
            at += 1;
        }
        let footer = [Run { text: format!("Page {number}"), rtl: false }];
        draw_runs(&mut surface, Point::from_xy(MARGIN, PAGE_H - MARGIN + 10.0), &faces.regular, 8.0, &footer);
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| broken(&format!("{e:?}")))
}
