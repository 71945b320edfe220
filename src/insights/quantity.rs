//! Amounts as Chinese reports write them: `5%左右`, `1200万人以上`, `1.3万亿斤`,
//! `1个百分点`, `7500多亿元`, parsed into exact decimal values with units.
//!
//! Values are kept as exact decimals (mantissa × 10^exponent), so that `4.4万亿元` minus
//! `3.9万亿元` is `0.5万亿元`, not `0.5000000000000004`, and the same input always
//! prints the same bytes.

use std::fmt;

use serde::{Serialize, Serializer};

/// An exact decimal number: `mantissa × 10^exponent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    pub mantissa: i128,
    pub exponent: i32,
}

impl Decimal {
    /// Parses `1200`, `1.3`, `1,200.5`.
    pub fn parse(s: &str) -> Option<Decimal> {
        let mut mantissa: i128 = 0;
        let mut exponent = 0i32;
        let mut after_point = false;
        let mut digits = 0;
        for c in s.chars() {
            match c {
                '0'..='9' => {
                    mantissa = mantissa.checked_mul(10)?.checked_add(i128::from(c as u8 - b'0'))?;
                    digits += 1;
                    if after_point {
                        exponent -= 1;
                    }
                }
                '.' if !after_point => after_point = true,
                ',' if !after_point => {}
                _ => return None,
            }
        }
        (digits > 0 && digits <= 30).then_some(Decimal { mantissa, exponent })
    }

    /// The value scaled by `10^k` (a multiplier such as 万 = 10^4).
    pub fn scaled(self, k: i32) -> Decimal {
        Decimal { mantissa: self.mantissa, exponent: self.exponent + k }
    }

    /// Both values over a common exponent (the smaller one).
    fn aligned(a: Decimal, b: Decimal) -> Option<(i128, i128, i32)> {
        let e = a.exponent.min(b.exponent);
        let up = |d: Decimal| -> Option<i128> {
            let shift = u32::try_from(d.exponent - e).ok()?;
            d.mantissa.checked_mul(10i128.checked_pow(shift)?)
        };
        Some((up(a)?, up(b)?, e))
    }

    /// `self − other`, exactly; `None` only on overflow (values beyond any report).
    pub fn minus(self, other: Decimal) -> Option<Decimal> {
        let (a, b, e) = Decimal::aligned(self, other)?;
        Some(Decimal { mantissa: a.checked_sub(b)?, exponent: e })
    }

    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    pub fn abs(self) -> Decimal {
        Decimal { mantissa: self.mantissa.abs(), exponent: self.exponent }
    }

    /// `self × k / d` when that is exact in at most two more decimal places (`5400 / 12`
    /// is `450`, `5000 / 12` is not exact).
    fn rescaled(self, k: i128, d: i128) -> Option<Decimal> {
        let m = self.mantissa.checked_mul(k)?;
        (0..=2).find_map(|extra| {
            let m = m.checked_mul(10i128.pow(extra))?;
            (m % d == 0).then(|| Decimal { mantissa: m / d, exponent: self.exponent - extra as i32 })
        })
    }

    /// The value as a float, for JSON consumers and for ratios.
    pub fn to_f64(self) -> f64 {
        // Parsing the decimal string gives the float nearest the exact value.
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// `self / other` as a float (a ratio for display only).
    pub fn ratio(self, other: Decimal) -> Option<f64> {
        let (a, b, _) = Decimal::aligned(self, other)?;
        (b != 0).then(|| a as f64 / b as f64)
    }

    /// Written in units of `10^k`: `4.4e12` at k = 12 is `4.4`.
    pub fn display_at(self, k: i32) -> String {
        self.scaled(-k).to_string()
    }
}

impl fmt::Display for Decimal {
    /// Plain decimal notation without trailing zeros: `0.5`, `1200`, `-3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let digits = self.mantissa.unsigned_abs().to_string();
        if self.exponent >= 0 {
            let zeros = if self.mantissa == 0 { 0 } else { self.exponent as usize };
            return write!(f, "{sign}{digits}{}", "0".repeat(zeros));
        }
        let frac_len = (-self.exponent) as usize;
        let padded = format!("{digits:0>width$}", width = frac_len + 1);
        let (int, frac) = padded.split_at(padded.len() - frac_len);
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() { write!(f, "{sign}{int}") } else { write!(f, "{sign}{int}.{frac}") }
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.to_f64())
    }
}

/// How the text bounds a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// No qualifier: `增长6%`.
    Exact,
    /// `左右`, `约`: about.
    About,
    /// `以上`, `不低于`, `不少于`: at least.
    AtLeast,
    /// `以下`, `以内`, `不超过`, `不高于`: at most.
    AtMost,
    /// `多`, `超过`, `逾`: more than.
    MoreThan,
    /// `近`, `接近`: just under.
    Nearly,
}

impl Bound {
    /// The qualifier as Chinese writes it (empty for exact values).
    pub fn word(self) -> &'static str {
        match self {
            Bound::Exact => "",
            Bound::About => "左右",
            Bound::AtLeast => "以上",
            Bound::AtMost => "以内",
            Bound::MoreThan => "多",
            Bound::Nearly => "近",
        }
    }
}

/// A value with its unit, parsed from text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quantity {
    /// The value in the unit, multipliers applied: `1.3万亿斤` is 1.3 × 10^12.
    pub value: Decimal,
    /// The written multiplier as a power of ten: 万 4, 亿 8, 万亿 12, none 0.
    pub scale: i32,
    /// `%`, `个百分点`, `元`, `斤`, `人`, …
    pub unit: String,
    pub bound: Bound,
    /// As written (in comparison normal form): `1.3万亿斤以上`.
    pub text: String,
}

impl Quantity {
    /// Whether two quantities measure the same kind of thing and can be subtracted: the
    /// same unit, or rates over periods that convert exactly (`元/年` and `元/月`).
    pub fn comparable(&self, other: &Quantity) -> bool {
        self.unit == other.unit || conversion(&self.unit, &other.unit).is_some()
    }
}

/// A period of a rate as a count of its base period: a year is 12 months, `天` and `日`
/// are both a day. Days and years do not convert: a year of working days is not 365.
fn period(p: &str) -> Option<(&'static str, i128)> {
    match p {
        "年" => Some(("月", 12)),
        "月" => Some(("月", 1)),
        "日" | "天" => Some(("日", 1)),
        _ => None,
    }
}

/// For two different units of one rate over convertible periods (`元/年`, `元/月`), how
/// many of the second period the first holds: `(12, 1)` for a year in months.
fn conversion(from: &str, to: &str) -> Option<(i128, i128)> {
    let (amount, p) = from.split_once('/')?;
    let (amount2, q) = to.split_once('/')?;
    let ((base, n), (base2, m)) = (period(p)?, period(q)?);
    (from != to && amount == amount2 && base == base2).then_some((n, m))
}

/// Multipliers, longest first.
const MULTIPLIERS: &[(&str, i32)] = &[("万亿", 12), ("亿", 8), ("万", 4)];

/// Units that make a number a measured amount (longest first where one is a prefix of
/// another). Years, months and ordinals are deliberately absent: `2024年` is a date.
#[rustfmt::skip]
const UNITS: &[&str] = &[
    "个百分点", "百分点", "%", "‰", "千瓦时", "千瓦", "平方公里", "平方米", "立方米", "公里", "千米", "公斤", "公顷", "美元", "元",
    "人次", "人", "斤", "吨", "亩", "户", "家", "个", "项", "所", "套", "辆", "座", "张", "台", "件", "头", "岁", "天",
    "倍", "小时", "处", "条", "部", "批", "名", "位", "种", "间", "栋", "场次", "场", "次",
];

/// What a rate can be per (`元/月`).
const PER: &[&str] = &["年", "月", "日", "天", "人", "户", "亩", "吨", "公斤", "斤", "小时"];

/// Units that count things (`300所`, `5000个`, or none: `1万`): the thing counted may
/// follow the number (`建设300所乡镇标准化寄宿制学校`).
pub fn is_count(unit: &str) -> bool {
    matches!(
        unit,
        "个" | "家"
            | "项"
            | "所"
            | "套"
            | "辆"
            | "座"
            | "张"
            | "台"
            | "件"
            | "头"
            | "处"
            | "条"
            | "部"
            | "批"
            | "名"
            | "位"
            | "种"
            | "间"
            | "栋"
            | "户"
            | "场"
            | "场次"
            | "次"
            | ""
    )
}

/// A quantity found in a text, with its byte range there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub quantity: Quantity,
}

/// Every quantity in `text` (normal form: ASCII digits and `%`), in order. A bare number
/// with neither multiplier nor unit is not a quantity (it is a year, a list number, a
/// name such as `5G`).
pub fn find(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes[i].is_ascii_digit()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'));
        if starts_number && let Some(found) = parse_at(text, i) {
            i = found.end;
            out.push(found);
        } else {
            i += 1;
        }
    }
    // A number inside quotes is part of a name: `落实“两个70%”激励政策`.
    out.retain(|f| {
        let open = |s: &str| s.matches('“').count() > s.matches('”').count();
        !(open(&text[..f.start]) && text[f.end..].contains('”'))
    });
    let listed = |prev: &Found, next: &Found| joins_list(&text[prev.end..next.start]);
    // A qualifier written before listed values is said of all: `不低于740元/月和485元/月`.
    for k in 1..out.len() {
        let (before, after) = out.split_at_mut(k);
        let (prev, next) = (&before[k - 1], &mut after[0]);
        let said_before =
            prev.quantity.bound != Bound::Exact && prefix_bound(&text[..prev.start]) == prev.quantity.bound;
        if listed(prev, next) && said_before && next.quantity.bound == Bound::Exact {
            next.quantity.bound = prev.quantity.bound;
        }
    }
    // A unit written after the last of listed values is said of all: `10.6万、3.8万、3.3万
    // 平方公里`, `2.2个和3.7个百分点`.
    for k in (1..out.len()).rev() {
        let (before, after) = out.split_at_mut(k);
        let (prev, next) = (&mut before[k - 1], &after[0]);
        let (p, n) = (&prev.quantity.unit, &next.quantity.unit);
        if listed(prev, next) && n.len() > p.len() && n.starts_with(p.as_str()) {
            prev.quantity.unit = n.clone();
        }
    }
    out
}

/// Conjunctions that join listed values or subjects (`30元和5元`, `散居和集中`).
pub const CONJUNCTIONS: &[&str] = &["和", "与", "及", "以及"];

/// Whether `s`, between two listed values, only joins them: `、`, a conjunction or `或`.
pub fn joins_list(s: &str) -> bool {
    s == "、" || s == "或" || CONJUNCTIONS.contains(&s)
}

fn parse_at(text: &str, start: usize) -> Option<Found> {
    if text[..start].ends_with('第') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut j = start;
    while j < bytes.len()
        && (bytes[j].is_ascii_digit()
            || ((bytes[j] == b'.' || bytes[j] == b',') && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)))
    {
        j += 1;
    }
    let number = Decimal::parse(&text[start..j])?;
    let mut rest = &text[j..];
    let mut more = false;
    if let Some(r) = rest.strip_prefix('多') {
        more = true;
        rest = r;
    }
    let mut scale = 0;
    if let Some(&(m, k)) = MULTIPLIERS.iter().find(|(m, _)| rest.starts_with(m)) {
        scale = k;
        rest = &rest[m.len()..];
        if let Some(r) = rest.strip_prefix('多') {
            more = true;
            rest = r;
        }
    }
    let unit = UNITS.iter().find(|u| rest.starts_with(*u)).copied().unwrap_or("");
    if scale == 0 && unit.is_empty() {
        return None;
    }
    rest = &rest[unit.len()..];
    // A rate per period or head: `元/月`, `元/人`.
    let mut unit = unit.to_string();
    if !unit.is_empty()
        && let Some(per) = rest.strip_prefix('/')
        && let Some(p) = PER.iter().find(|p| per.starts_with(*p))
    {
        unit.push('/');
        unit.push_str(p);
        rest = &per[p.len()..];
    }
    let mut bound = if more { Bound::MoreThan } else { Bound::Exact };
    for (word, b) in [
        ("左右", Bound::About),
        ("以上", Bound::AtLeast),
        ("以下", Bound::AtMost),
        ("以内", Bound::AtMost),
        ("多", Bound::MoreThan),
    ] {
        if let Some(r) = rest.strip_prefix(word) {
            bound = b;
            rest = r;
            break;
        }
    }
    if bound == Bound::Exact {
        bound = prefix_bound(&text[..start]);
    }
    let end = text.len() - rest.len();
    let unit = if unit == "百分点" { "个百分点".to_string() } else { unit };
    Some(Found {
        start,
        end,
        quantity: Quantity {
            value: number.scaled(scale),
            scale,
            unit,
            bound,
            text: text[start..end].to_string(),
        },
    })
}

/// Qualifiers written before the number: `约5%`, `超过126万亿元`, `突破1.8万家`, `近7000亿元`.
fn prefix_bound(before: &str) -> Bound {
    const PREFIXES: &[(&str, Bound)] = &[
        ("不低于", Bound::AtLeast),
        ("不少于", Bound::AtLeast),
        ("不超过", Bound::AtMost),
        ("不高于", Bound::AtMost),
        ("超过", Bound::MoreThan),
        ("突破", Bound::MoreThan),
        ("逾", Bound::MoreThan),
        ("接近", Bound::Nearly),
        ("近", Bound::Nearly),
        ("约", Bound::About),
    ];
    PREFIXES.iter().find(|(p, _)| before.ends_with(p)).map_or(Bound::Exact, |&(_, b)| b)
}

/// How a quantity changed from one version to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub direction: Direction,
    /// The difference in the quantities' own terms: `+1个百分点`, `+0.5万亿元`, `-1000亿元`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<String>,
    /// Relative change of an amount (not of a rate): `+12.8%`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative: Option<String>,
    /// The qualifier changed: `以上 → 左右`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<String>,
    /// A value converted to the other's unit, so that the two could be subtracted:
    /// `5400元/年 = 450元/月`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converted: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
    Same,
    /// Different units: the values cannot be subtracted.
    Incomparable,
}

/// Both values in one unit: the later one's when the earlier converts to it exactly,
/// else the earlier one's (a month's amount times 12 is always exact); with the
/// conversion written out.
fn in_one_unit<'q>(
    old: &'q Quantity,
    new: &'q Quantity,
) -> Option<(Decimal, Decimal, &'q str, Option<String>)> {
    if old.unit == new.unit {
        return Some((old.value, new.value, &old.unit, None));
    }
    let (n, m) = conversion(&old.unit, &new.unit)?;
    // `5400元/年 = 450元/月`: `q`, and its value `v` in `unit`.
    let note = |q: &Quantity, v: Decimal, unit: &str| {
        let written =
            |v: Decimal, unit: &str| format!("{}{}{unit}", v.display_at(q.scale), multiplier(q.scale));
        Some(format!("{} = {}", written(q.value, &q.unit), written(v, unit)))
    };
    if let Some(o) = old.value.rescaled(m, n) {
        return Some((o, new.value, &new.unit, note(old, o, &new.unit)));
    }
    let v = new.value.rescaled(n, m)?;
    Some((old.value, v, &old.unit, note(new, v, &old.unit)))
}

/// The written multiplier of a power of ten (`万` for 4), empty when none.
fn multiplier(scale: i32) -> &'static str {
    MULTIPLIERS.iter().find(|(_, k)| *k == scale).map_or("", |(m, _)| m)
}

/// How `new` differs from `old`.
pub fn change(old: &Quantity, new: &Quantity) -> Change {
    let bound = (old.bound != new.bound).then(|| {
        let word = |b: Bound| if b == Bound::Exact { "—" } else { b.word() };
        format!("{} → {}", word(old.bound), word(new.bound))
    });
    let delta =
        in_one_unit(old, new).and_then(|(o, n, unit, converted)| Some((n.minus(o)?, o, unit, converted)));
    let Some((delta, old_value, unit, converted)) = delta else {
        return Change {
            direction: Direction::Incomparable,
            delta: None,
            relative: None,
            bound,
            converted: None,
        };
    };
    let direction = if delta.is_zero() {
        Direction::Same
    } else if delta.is_negative() {
        Direction::Down
    } else {
        Direction::Up
    };
    if delta.is_zero() {
        return Change { direction, delta: None, relative: None, bound, converted };
    }
    let sign = if delta.is_negative() { "-" } else { "+" };
    let rate = matches!(unit, "%" | "‰" | "个百分点");
    let (delta_text, relative) = if rate {
        // A change of a rate is stated in percentage points, never as a percentage of it.
        let unit = if unit == "‰" { "‰" } else { "个百分点" };
        (format!("{sign}{}{unit}", delta.abs()), None)
    } else {
        let scale = old.scale.max(new.scale);
        let scale = if delta.abs().scaled(-scale).mantissa.unsigned_abs() == 0 { 0 } else { scale };
        let text = format!("{sign}{}{}{unit}", delta.abs().display_at(scale), multiplier(scale));
        let relative =
            delta.ratio(old_value).filter(|r| r.is_finite()).map(|r| format!("{:+.1}%", r * 100.0));
        (text, relative)
    };
    Change { direction, delta: Some(delta_text), relative, bound, converted }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quantity {
        let found = find(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap().quantity
    }

    #[test]
    fn chinese_amounts_are_values_with_units() {
        let grain = q("粮食产量1.3万亿斤以上");
        assert_eq!(grain.value.to_string(), "1300000000000");
        assert_eq!((grain.unit.as_str(), grain.bound, grain.scale), ("斤", Bound::AtLeast, 12));
        assert_eq!(grain.text, "1.3万亿斤以上");
        let jobs = q("城镇新增就业1200万人以上");
        assert_eq!(jobs.value.to_string(), "12000000");
        assert_eq!(jobs.unit, "人");
        let gdp = q("国内生产总值增长5%左右");
        assert_eq!((gdp.value.to_string().as_str(), gdp.unit.as_str(), gdp.bound), ("5", "%", Bound::About));
        let bonds = q("拟安排地方政府专项债券3.9万亿元");
        assert_eq!(bonds.value.to_string(), "3900000000000");
        assert_eq!(q("比上年提高1个百分点").unit, "个百分点");
        assert_eq!(q("缓税缓费7500多亿元").bound, Bound::MoreThan);
        assert_eq!(q("国内生产总值超过126万亿元").bound, Bound::MoreThan);
        assert_eq!(q("高新技术企业总量突破1.8万家").bound, Bound::MoreThan);
        assert_eq!(q("共向1000多万失业人员").value.to_string(), "10000000");
        assert_eq!(q("提高到不低于740元/月").unit, "元/月");
    }

    #[test]
    fn a_qualifier_before_listed_values_is_said_of_all() {
        let bounds = |text: &str| find(text).into_iter().map(|f| f.quantity.bound).collect::<Vec<_>>();
        // Hunan 2025.
        assert_eq!(bounds("城乡低保标准提高到不低于740元/月和485元/月"), [Bound::AtLeast; 2]);
        // Written after the first value, it is that value's.
        assert_eq!(bounds("1200元/月以上和1700元/月"), [Bound::AtLeast, Bound::Exact]);
        // Not listed: a value of its own.
        assert_eq!(bounds("不低于740元/月，比上年增加30元"), [Bound::AtLeast, Bound::Exact]);
    }

    #[test]
    fn a_unit_after_the_last_of_listed_values_is_said_of_all() {
        let units = |text: &str| find(text).into_iter().map(|f| f.quantity.unit).collect::<Vec<_>>();
        // Hunan 2025 and national 2023.
        assert_eq!(units("分别高于全省2.2个和3.7个百分点"), ["个百分点"; 2]);
        assert_eq!(units("分别净减少10.6万、3.8万、3.3万平方公里"), ["平方公里"; 3]);
        // Units of their own stay (after Hunan 2024).
        assert_eq!(units("提高到700元/月和5400元/年"), ["元/月", "元/年"]);
    }

    #[test]
    fn years_ordinals_and_bare_numbers_are_not_quantities() {
        assert!(find("2024年政府工作任务").is_empty());
        // A name (Hunan 2024 and 2025); a value after the quotes is still one.
        assert!(find("落实“两个70%”激励政策").is_empty());
        assert_eq!(find("“两个70%”政策覆盖80%的企业").len(), 1);
        assert!(find("第3条").is_empty());
        assert!(find("推进5G应用").is_empty());
        assert!(find("RCEP15国").is_empty());
    }

    #[test]
    fn changes_are_exact_and_in_the_quantities_terms() {
        let c = change(&q("3.9万亿元"), &q("4.4万亿元"));
        assert_eq!(c.direction, Direction::Up);
        assert_eq!(c.delta.as_deref(), Some("+0.5万亿元"));
        assert_eq!(c.relative.as_deref(), Some("+12.8%"));
        let c = change(&q("3%"), &q("4%左右"));
        assert_eq!(c.delta.as_deref(), Some("+1个百分点"));
        assert_eq!(c.relative, None);
        assert_eq!(c.bound.as_deref(), Some("— → 左右"));
        let c = change(&q("3%左右"), &q("2%左右"));
        assert_eq!((c.direction, c.delta.as_deref()), (Direction::Down, Some("-1个百分点")));
        let c = change(&q("1200万人左右"), &q("1200万人以上"));
        assert_eq!((c.direction, c.bound.as_deref()), (Direction::Same, Some("左右 → 以上")));
        let c = change(&q("7000亿元"), &q("7350亿元"));
        assert_eq!(c.delta.as_deref(), Some("+350亿元"));
        let c = change(&q("1万亿元"), &q("1.3万亿元"));
        assert_eq!(c.delta.as_deref(), Some("+0.3万亿元"));
        assert_eq!(change(&q("5%"), &q("70万人")).direction, Direction::Incomparable);
    }

    #[test]
    fn rates_per_year_and_per_month_are_compared_in_one_unit() {
        // Hunan's rural minimum living standard: per year in 2024, per month in 2025.
        let c = change(&q("不低于5400元/年"), &q("不低于485元/月"));
        assert_eq!(c.direction, Direction::Up);
        assert_eq!(
            (c.delta.as_deref(), c.relative.as_deref(), c.converted.as_deref()),
            (Some("+35元/月"), Some("+7.8%"), Some("5400元/年 = 450元/月"))
        );
        // A year's amount that does not divide into months: the month's is multiplied.
        let c = change(&q("5000元/年"), &q("450元/月"));
        assert_eq!(
            (c.delta.as_deref(), c.converted.as_deref()),
            (Some("+400元/年"), Some("450元/月 = 5400元/年"))
        );
        let c = change(&q("300元/月"), &q("3600元/年"));
        assert_eq!((c.direction, c.converted.as_deref()), (Direction::Same, Some("300元/月 = 3600元/年")));
        let c = change(&q("1.2万元/年"), &q("0.11万元/月"));
        assert_eq!(c.converted.as_deref(), Some("1.2万元/年 = 0.1万元/月"));
        assert_eq!(change(&q("100元/天"), &q("120元/日")).delta.as_deref(), Some("+20元/日"));
        // Days do not convert to years (working days or calendar days?), nor yuan to tonnes.
        assert_eq!(change(&q("100元/日"), &q("36500元/年")).direction, Direction::Incomparable);
        assert_eq!(change(&q("100元/月"), &q("100吨/月")).direction, Direction::Incomparable);
        assert!(!q("100元/人").comparable(&q("100元/户")));
        assert_eq!(change(&q("5%"), &q("5%")).converted, None);
    }

    #[test]
    fn decimals_print_plainly() {
        let d = |s: &str| Decimal::parse(s).unwrap();
        assert_eq!(d("1.30").to_string(), "1.3");
        assert_eq!(d("0.05").to_string(), "0.05");
        assert_eq!(d("1,200").to_string(), "1200");
        assert_eq!(d("4.4").minus(d("3.9")).unwrap().to_string(), "0.5");
        assert_eq!(d("0").scaled(4).to_string(), "0");
        assert_eq!(d("2").minus(d("2.25")).unwrap().to_string(), "-0.25");
    }
}
