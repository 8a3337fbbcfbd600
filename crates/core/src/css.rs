//! An agency's own CSS for its public pages, parsed with a real CSS tokenizer (cssparser,
//! Servo's and Firefox's) and rebuilt from what an allow-list keeps: style rules with
//! plain selectors (types, classes, ids, pseudo-classes, combinators) holding declarations
//! of listed properties with plain values (keywords, numbers, lengths, colours, strings,
//! and rgb()/hsl()/calc()). Nothing that loads from elsewhere (url(), @import,
//! image-set()), runs, or closes the page's `<style>` (no `<` anywhere) survives; what is
//! dropped is listed with the reason, so the app can tell the person.

use cssparser::{Delimiter, ParseError, Parser, ParserInput, ToCss, Token};

/// The longest CSS taken (characters); the rest is ignored.
pub const MAX_CSS: usize = 20_000;

/// Properties a page's own CSS may set: how it looks, never what it loads.
const PROPERTIES: &[&str] = &[
    "align-items",
    "background",
    "background-color",
    "border",
    "border-bottom",
    "border-color",
    "border-left",
    "border-radius",
    "border-right",
    "border-style",
    "border-top",
    "border-width",
    "box-shadow",
    "color",
    "display",
    "flex-direction",
    "flex-wrap",
    "font",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "gap",
    "height",
    "justify-content",
    "letter-spacing",
    "line-height",
    "margin",
    "margin-bottom",
    "margin-left",
    "margin-right",
    "margin-top",
    "max-height",
    "max-width",
    "min-height",
    "min-width",
    "opacity",
    "outline",
    "padding",
    "padding-bottom",
    "padding-left",
    "padding-right",
    "padding-top",
    "text-align",
    "text-decoration",
    "text-transform",
    "transition",
    "width",
];

/// Functions a value may call: colours and arithmetic, none of which fetch anything.
const FUNCTIONS: &[&str] = &["rgb", "rgba", "hsl", "hsla", "calc"];

/// The CSS kept, and what was dropped and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub css: String,
    pub dropped: Vec<String>,
}

type Failed<'i> = ParseError<'i, String>;

/// `css` rebuilt from what the allow-list keeps (one rule per line).
pub fn clean(css: &str) -> Cleaned {
    let css: String = css.chars().take(MAX_CSS).collect();
    let mut input = ParserInput::new(&css);
    let mut parser = Parser::new(&mut input);
    let mut out = Cleaned::default();
    let mut selector = String::new();
    // Why the rule being read is dropped (a selector or at-rule not allowed).
    let mut refused: Option<String> = None;
    while let Ok(token) = parser.next_including_whitespace() {
        match token.clone() {
            Token::CurlyBracketBlock => {
                let mut dropped = Vec::new();
                let body = parser
                    .parse_nested_block(|p| Ok::<_, Failed>(declarations(p, &mut dropped)))
                    .unwrap_or_default();
                let selector = std::mem::take(&mut selector);
                match refused.take() {
                    Some(reason) => out.dropped.push(reason),
                    None if selector.trim().is_empty() => {
                        out.dropped.push("a rule without a selector".into())
                    }
                    None => {
                        out.dropped.extend(dropped);
                        if !body.is_empty() {
                            out.css.push_str(&format!(
                                "{} {{ {}; }}\n",
                                selector.trim(),
                                body.join("; ")
                            ));
                        }
                    }
                }
            }
            Token::Semicolon if refused.is_some() => {
                // The end of a block-less at-rule (@import ...;).
                out.dropped.extend(refused.take());
                selector.clear();
            }
            _ if refused.is_some() => {}
            Token::AtKeyword(name) => {
                refused = Some(format!("@{name}: at-rules are not allowed"));
            }
            token => match selector_part(&token) {
                Some(text) => selector.push_str(&text),
                None => {
                    refused = Some(format!(
                        "{}: not allowed in a selector",
                        token.to_css_string().chars().take(40).collect::<String>()
                    ))
                }
            },
        }
    }
    out.dropped.extend(refused);
    out
}

/// A selector token as written back, if plain: no functions, attributes or strings.
fn selector_part(token: &Token) -> Option<String> {
    let text = match token {
        Token::WhiteSpace(_) => " ".to_string(),
        Token::Ident(_) | Token::IDHash(_) | Token::Colon | Token::Comma => token.to_css_string(),
        Token::Delim(c) if matches!(c, '.' | '*' | '>' | '+' | '~') => c.to_string(),
        _ => return None,
    };
    (!text.contains('<')).then_some(text)
}

/// The declarations of a rule's block that the allow-list keeps, as `name: value`.
fn declarations(p: &mut Parser, dropped: &mut Vec<String>) -> Vec<String> {
    let mut kept = Vec::new();
    while !p.is_exhausted() {
        let start = p.position();
        match p.parse_until_after(Delimiter::Semicolon, declaration) {
            Ok(Some(text)) => kept.push(text),
            Ok(None) => {}
            Err(e) => dropped.push(match e.kind {
                cssparser::ParseErrorKind::Custom(reason) => reason,
                _ => format!(
                    "{}: not a declaration",
                    p.slice_from(start)
                        .trim()
                        .chars()
                        .take(40)
                        .collect::<String>()
                ),
            }),
        }
    }
    kept
}

fn declaration<'i>(p: &mut Parser<'i, '_>) -> Result<Option<String>, Failed<'i>> {
    p.skip_whitespace();
    if p.is_exhausted() {
        return Ok(None);
    }
    let name = p.expect_ident()?.to_ascii_lowercase();
    p.expect_colon()?;
    if !PROPERTIES.contains(&name.as_str()) {
        return Err(p.new_custom_error(format!("{name}: not a property pages may set")));
    }
    let mut value = String::new();
    while let Ok(token) = p.next_including_whitespace() {
        let token = token.clone();
        value_part(p, &token, &mut value)
            .map_err(|reason| p.new_custom_error(format!("{name}: {reason}")))?;
    }
    let value = value.trim();
    if value.is_empty() {
        return Err(p.new_custom_error(format!("{name}: no value")));
    }
    Ok(Some(format!("{name}: {value}")))
}

/// Appends a value token as written back, or says why it is not allowed.
fn value_part(p: &mut Parser, token: &Token, out: &mut String) -> Result<(), String> {
    match token {
        Token::WhiteSpace(_) => out.push(' '),
        Token::Ident(_)
        | Token::Hash(_)
        | Token::IDHash(_)
        | Token::Number { .. }
        | Token::Percentage { .. }
        | Token::Dimension { .. }
        | Token::Comma
        | Token::QuotedString(_) => {
            let text = token.to_css_string();
            if text.contains('<') {
                return Err("'<' is not allowed".into());
            }
            out.push_str(&text);
        }
        Token::Delim(c) if matches!(c, '/' | '+' | '-' | '*' | '!' | '%') => out.push(*c),
        Token::Function(name) if FUNCTIONS.contains(&name.to_ascii_lowercase().as_str()) => {
            out.push_str(&format!("{}(", name.to_ascii_lowercase()));
            p.parse_nested_block(|p| {
                while let Ok(token) = p.next_including_whitespace() {
                    let token = token.clone();
                    value_part(p, &token, out)
                        .map_err(|reason| p.new_custom_error::<_, String>(reason))?;
                }
                Ok(())
            })
            .map_err(|e: Failed| match e.kind {
                cssparser::ParseErrorKind::Custom(reason) => reason,
                _ => "a value that does not parse".to_string(),
            })?;
            out.push(')');
        }
        Token::Function(name) => return Err(format!("{name}() is not allowed")),
        Token::UnquotedUrl(_) | Token::BadUrl(_) => {
            return Err("url() would load from elsewhere".into())
        }
        other => {
            return Err(format!(
                "{} is not allowed in a value",
                other.to_css_string().chars().take(20).collect::<String>()
            ))
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn plain_styles_are_kept_and_rebuilt() {
        let kept = clean(
            "body { color: #333 } h1 > span, .title:hover { font-weight: 700; font-family: \"Inter\", sans-serif }\n\
             .card { box-shadow: 0 1px 2px rgba(0, 0, 0, 0.2); padding: calc(1rem + 2px) !important }",
        );
        assert_eq!(
            kept.css,
            "body { color: #333; }\n\
             h1 > span, .title:hover { font-weight: 700; font-family: \"Inter\", sans-serif; }\n\
             .card { box-shadow: 0 1px 2px rgba(0, 0, 0, 0.2); padding: calc(1rem + 2px) !important; }\n"
        );
        assert!(kept.dropped.is_empty(), "{:?}", kept.dropped);
    }

    #[test]
    fn what_loads_runs_or_escapes_is_dropped_with_the_reason() {
        let hostile = "\
            .x { background: URL(https://evil.example/a.png); color: blue }\n\
            @import 'https://evil.example/x.css';\n\
            .y { width: expr/* hidden */ession(alert(1)); height: 2px }\n\
            .z { background: u\\rl(https://evil.example/b.png) }\n\
            .w { background-image: image-set('https://evil.example/c.png' 1x) }\n\
            @font-face { font-family: F; src: url(https://evil.example/f.woff) }\n\
            @media print { body { background: url(https://evil.example/p.png) } }\n\
            a[href^='https'] { color: red }\n\
            .s { font-family: \"</style><script>alert(1)</script>\" }\n\
            .v { --x: url(https://evil.example/v.png); behavior: url(x.htc); -moz-binding: url(x.xml) }\n\
            </style><script>alert(1)</script>";
        let cleaned = clean(hostile);
        for gone in [
            "evil",
            "url",
            "expression",
            "@import",
            "<",
            "script",
            "image-set",
            "behavior",
            "binding",
        ] {
            assert!(!cleaned.css.contains(gone), "{gone:?} in {}", cleaned.css);
        }
        assert!(
            cleaned.css.contains(".x { color: blue; }"),
            "{}",
            cleaned.css
        );
        assert!(
            cleaned.css.contains(".y { height: 2px; }"),
            "{}",
            cleaned.css
        );
        let reasons = cleaned.dropped.join("\n");
        for reason in [
            "background: url() would load from elsewhere",
            "@import: at-rules are not allowed",
            "@font-face: at-rules are not allowed",
            "@media: at-rules are not allowed",
            "background-image: not a property pages may set",
            "font-family: '<' is not allowed",
            "behavior: not a property pages may set",
        ] {
            assert!(reasons.contains(reason), "{reason:?} not in {reasons}");
        }
        assert_eq!(
            cleaned.css.matches('{').count(),
            cleaned.css.matches('}').count()
        );
    }

    #[test]
    fn long_or_broken_css_ends_cleanly() {
        for css in [
            "a { color: red",
            "}}}{{{",
            "a { color: red; } {",
            "@media {",
            "\\",
            "a{b:c}}",
        ] {
            let cleaned = clean(css);
            assert_eq!(
                cleaned.css.matches('{').count(),
                cleaned.css.matches('}').count(),
                "{css:?}: {}",
                cleaned.css
            );
        }
        let long = "p { color: red }\n".repeat(5_000);
        assert!(clean(&long).css.len() < long.len(), "cut at the limit");
    }
}
