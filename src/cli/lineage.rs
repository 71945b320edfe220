//! `lexdiff history` and `lexdiff blame`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use anyhow::{Result, anyhow, bail};
use serde::Serialize;

use super::args::{BlameArgs, HistoryArgs, ShowFormat};
use super::diff::overrides_for;
use super::output::Styles;
use super::{Context, Outcome};
use lexdiff::lineage::{Lineage, Link, Node};
use lexdiff::model::Document;
use lexdiff::site::{Loaded, load};

/// Loads every version of a document, and finds the one `at` names (the latest without).
fn load_doc(ctx: &Context, id: &str, at: Option<&str>) -> Result<(Loaded, usize)> {
    let src = ctx.source_of(id)?;
    let info = src.document(id)?;
    let at = match at {
        Some(name) => {
            let label = src.version(info, name)?.label();
            info.versions.iter().position(|v| v.label() == label).expect("a version of the document")
        }
        None => info.versions.len().checked_sub(1).ok_or_else(|| anyhow!("`{}` has no versions", info.id))?,
    };
    let info = info.clone();
    let overrides = |d: &_, o: &str, n: &str, a: &_, b: &_| overrides_for(ctx, src.as_ref(), d, a, b, o, n);
    Ok((load(src.as_ref(), &info, &Default::default(), &overrides)?, at))
}

fn unit_index(l: &Loaded, v: usize, label: &str) -> Result<usize> {
    let doc: &Document = &l.docs[v];
    let unit = super::show::unit_of(doc, &l.info, &l.info.versions[v], label)?;
    Ok(doc.units.iter().position(|u| std::ptr::eq(u, unit)).expect("the unit is in the document"))
}

fn name(l: &Loaded, (v, u): Node) -> String {
    let unit = &l.docs[v].units[u];
    if unit.prefix.is_empty() {
        format!("¶ {}", unit.label)
    } else {
        format!("{} ({})", unit.prefix, unit.label)
    }
}

#[derive(Serialize)]
struct NodeJson {
    version: String,
    label: String,
}

#[derive(Serialize)]
struct EdgeJson {
    from: NodeJson,
    to: NodeJson,
    kind: String,
}

#[derive(Serialize)]
struct HistoryJson {
    document: String,
    version: String,
    article: String,
    versions: Vec<String>,
    nodes: Vec<NodeJson>,
    edges: Vec<EdgeJson>,
}

pub fn history(ctx: &Context, a: &HistoryArgs) -> Result<Outcome> {
    // `history law@2010 28` (or `law/2010`) is `history law 28 --at 2010`.
    let (id, at) = match (ctx.split_target(&a.doc), a.at.as_deref()) {
        ((_, Some(v)), Some(at)) if v != at => bail!("`{}` and `--at {at}` name two versions", a.doc),
        ((id, v), at) => (id, v.or(at)),
    };
    let (l, v) = load_doc(ctx, id, at)?;
    let article =
        a.article().ok_or_else(|| anyhow::anyhow!("name an article: `lexdiff history DOC ARTICLE`"))?;
    let u = unit_index(&l, v, article)?;
    let lineage = Lineage::new(&l.comparisons);
    let (up, up_links) = lineage.ancestry((v, u));
    let (down, down_links) = lineage.descent((v, u));
    let mut nodes: BTreeSet<Node> = BTreeSet::new();
    for (i, set) in up.iter().enumerate().chain(down.iter().enumerate()) {
        nodes.extend(set.iter().map(|&x| (i, x)));
    }
    let mut links: Vec<Link> = up_links.into_iter().chain(down_links).collect();
    links.sort_by_key(|l| (l.to, l.from));
    links.dedup();
    let node_json = |n: Node| NodeJson {
        version: l.info.versions[n.0].label().to_string(),
        label: l.docs[n.0].units[n.1].label.clone(),
    };
    if a.format == ShowFormat::Json {
        if a.patch {
            bail!(
                "--patch prints text: the changes of each version are in `lexdiff diff DOC OLD NEW --format json`"
            );
        }
        let json = HistoryJson {
            document: l.info.id.to_string(),
            version: l.info.versions[v].label().to_string(),
            article: l.docs[v].units[u].label.clone(),
            versions: l.info.versions.iter().map(|x| x.label().to_string()).collect(),
            nodes: nodes.iter().map(|&n| node_json(n)).collect(),
            edges: links
                .iter()
                .map(|k| EdgeJson { from: node_json(k.from), to: node_json(k.to), kind: k.kind.to_string() })
                .collect(),
        };
        println!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(Outcome::Ok);
    }
    let st = Styles::new(ctx.color);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): {} at {}",
        st.bold(&l.info.title),
        l.info.id,
        name(&l, (v, u)),
        l.info.versions[v].label()
    );
    for (i, info) in l.info.versions.iter().enumerate() {
        let here: Vec<Node> = nodes.iter().copied().filter(|n| n.0 == i).collect();
        if here.is_empty() {
            let _ = writeln!(out, "{:<10} {}", info.label(), st.dim("(no article in this lineage)"));
            continue;
        }
        for (k, n) in here.iter().enumerate() {
            let incoming: Vec<String> = links
                .iter()
                .filter(|x| x.to == *n)
                .map(|x| format!("{} {}", l.docs[x.from.0].units[x.from.1].label, x.kind))
                .collect();
            let from = if incoming.is_empty() {
                if i == 0 { String::new() } else { st.dim("← new in this version") }
            } else {
                st.dim(&format!("← {}", incoming.join(", ")))
            };
            let label = if k == 0 { info.label().to_string() } else { String::new() };
            let mark = if *n == (v, u) { "*" } else { " " };
            let _ = writeln!(out, "{label:<10}{mark}{:<24} {from}", name(&l, *n));
        }
    }
    if a.patch {
        // Each version's rows into this lineage, as `diff OLD NEW` shows them.
        for (i, c) in l.comparisons.iter().enumerate() {
            let rows: Vec<usize> = links.iter().filter(|k| k.from.0 == i).map(|k| k.row).collect();
            if rows.is_empty() {
                continue;
            }
            let versions = format!("{} → {}", l.info.versions[i].label(), l.info.versions[i + 1].label());
            let _ = writeln!(out, "\n{}", st.bold(&versions));
            out.push_str(&lexdiff::render::text::render_rows(c, &rows, ctx.color));
        }
    }
    print!("{out}");
    Ok(Outcome::Ok)
}

#[derive(Serialize)]
struct SpanJson {
    text: String,
    version: String,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct ArticleBlame {
    label: String,
    spans: Vec<SpanJson>,
}

#[derive(Serialize)]
struct BlameJson {
    document: String,
    version: String,
    versions: Vec<String>,
    articles: Vec<ArticleBlame>,
}

pub fn blame(ctx: &Context, a: &BlameArgs) -> Result<Outcome> {
    let (id, version) = ctx.split_target(&a.target);
    let (l, v) = load_doc(ctx, id, version)?;
    let units: Vec<usize> = match a.article() {
        Some(label) => vec![unit_index(&l, v, label)?],
        None => (0..l.docs[v].units.len()).collect(),
    };
    let blame = Lineage::new(&l.comparisons).blame(&l.docs[..=v], &Default::default());
    let labels: Vec<String> = l.info.versions.iter().map(|x| x.label().to_string()).collect();
    let articles: Vec<ArticleBlame> = units
        .iter()
        .map(|&u| {
            let text = l.docs[v].units[u].text();
            let spans = blame[v][u]
                .spans(&text)
                .into_iter()
                .filter(|s| !text[s.start..s.end].trim().is_empty())
                .map(|s| SpanJson {
                    text: text[s.start..s.end].trim_end_matches('\n').to_string(),
                    version: labels[s.version].clone(),
                    start: s.start,
                    end: s.end,
                })
                .collect();
            ArticleBlame { label: l.docs[v].units[u].label.clone(), spans }
        })
        .collect();
    if a.format == ShowFormat::Json {
        let json = BlameJson {
            document: l.info.id.to_string(),
            version: labels[v].clone(),
            versions: labels.clone(),
            articles,
        };
        println!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(Outcome::Ok);
    }
    let st = Styles::new(ctx.color);
    let width = labels.iter().map(|x| x.chars().count()).max().unwrap_or(4);
    let mut out = String::new();
    for (art, &u) in articles.iter().zip(&units) {
        let _ = writeln!(out, "{}", st.bold(&name(&l, (v, u))));
        for s in &art.spans {
            let _ = writeln!(out, "  {:<width$}  {}", st.dim(&s.version), s.text);
        }
    }
    print!("{out}");
    Ok(Outcome::Ok)
}
