//! Terraform's common built-in functions over [`Val`]s. `try` and `can` are handled by the
//! evaluator (they need unevaluated arguments). Unknown arguments give unknown results (with the
//! arguments' provenance); a function we do not implement gives unknown, never an error.

use std::collections::BTreeMap;

use super::value::{fmt_number, Val, Value};
use crate::base::limits::{MAX_TF_FORMAT_WIDTH, MAX_TF_STRING_BYTES};

/// A function failure (a known-invalid call, e.g. `element([], 0)`): `try` falls back on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fail(pub String);

/// Result of evaluating an expression or calling a function.
pub type R = Result<Val, Fail>;

fn fail<T>(msg: impl Into<String>) -> Result<T, Fail> {
    Err(Fail(msg.into()))
}

/// The prefix of a [`Fail`] that is an evaluation limit (reported as a `tf-limit` diagnostic by
/// the evaluator, not silently turned into unknown).
pub const LIMIT: &str = "limit: ";

impl Fail {
    /// A failure because a value would exceed an evaluation limit.
    #[must_use]
    pub fn limit(msg: impl std::fmt::Display) -> Fail {
        Fail(format!("{LIMIT}{msg}"))
    }

    /// The limit message, when this failure is one.
    #[must_use]
    pub fn limit_message(&self) -> Option<&str> {
        self.0.strip_prefix(LIMIT)
    }
}

/// Fail when a string being built would exceed [`MAX_TF_STRING_BYTES`].
fn check_len(f: &str, len: usize) -> Result<(), Fail> {
    if len > MAX_TF_STRING_BYTES {
        return Err(Fail::limit(format!(
            "{f} would produce a string of {len} bytes, over the {MAX_TF_STRING_BYTES} byte limit; the value reads as unknown"
        )));
    }
    Ok(())
}

fn want_str(v: &Val, f: &str) -> Result<String, Fail> {
    v.as_string().ok_or_else(|| Fail(format!("{f}: expected a string")))
}

fn want_num(v: &Val, f: &str) -> Result<f64, Fail> {
    v.as_number().ok_or_else(|| Fail(format!("{f}: expected a number")))
}

fn want_list<'a>(v: &'a Val, f: &str) -> Result<&'a [Val], Fail> {
    v.as_list().ok_or_else(|| Fail(format!("{f}: expected a list")))
}

fn to_index(n: f64) -> Option<usize> {
    if n >= 0.0 && n.fract() == 0.0 && n < 1e9 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(n as usize)
    } else {
        None
    }
}

/// Whether a function gives unknown when any argument is (wholly) unknown.
fn strict(name: &str) -> bool {
    !matches!(
        name,
        "coalesce" | "coalescelist" | "length" | "concat" | "merge" | "jsonencode" | "jsondecode" | "tolist" | "toset"
    )
}

/// Call a built-in function with evaluated arguments.
pub fn call(name: &str, args: &[Val]) -> R {
    let refs: Vec<&Val> = args.iter().collect();
    let name = name.strip_prefix("provider::").map_or(name, |_| "");
    if strict(name) && args.iter().any(Val::is_unknown) {
        return Ok(Val::derived(Value::Unknown(None), &refs));
    }
    let v = call_inner(name, args)?;
    // Results carry the provenance of their inputs, unless the function already chose one
    // input (lookup, element, coalesce …), whose own provenance is kept.
    Ok(if v.prov.is_some() { v } else { Val::derived(v.value, &refs) })
}

#[allow(clippy::too_many_lines)]
fn call_inner(name: &str, args: &[Val]) -> R {
    let a0 = args.first();
    let arg = |i: usize| args.get(i).ok_or_else(|| Fail(format!("{name}: missing argument {}", i + 1)));
    let s = |v: Value| Ok(Val::new(v));
    match name {
        "lower" => s(Value::String(want_str(arg(0)?, name)?.to_lowercase())),
        "upper" => s(Value::String(want_str(arg(0)?, name)?.to_uppercase())),
        "trimspace" => s(Value::String(want_str(arg(0)?, name)?.trim().to_owned())),
        "title" => {
            let t = want_str(arg(0)?, name)?;
            let mut out = String::new();
            let mut up = true;
            for c in t.chars() {
                if up && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                up = c.is_whitespace();
            }
            s(Value::String(out))
        }
        "trim" => {
            let t = want_str(arg(0)?, name)?;
            let cut: Vec<char> = want_str(arg(1)?, name)?.chars().collect();
            s(Value::String(t.trim_matches(|c| cut.contains(&c)).to_owned()))
        }
        "trimprefix" => {
            let t = want_str(arg(0)?, name)?;
            let p = want_str(arg(1)?, name)?;
            s(Value::String(t.strip_prefix(&p).unwrap_or(&t).to_owned()))
        }
        "trimsuffix" => {
            let t = want_str(arg(0)?, name)?;
            let p = want_str(arg(1)?, name)?;
            s(Value::String(t.strip_suffix(&p).unwrap_or(&t).to_owned()))
        }
        "startswith" => s(Value::Bool(want_str(arg(0)?, name)?.starts_with(&want_str(arg(1)?, name)?))),
        "endswith" => s(Value::Bool(want_str(arg(0)?, name)?.ends_with(&want_str(arg(1)?, name)?))),
        "strcontains" => s(Value::Bool(want_str(arg(0)?, name)?.contains(&want_str(arg(1)?, name)?))),
        "replace" => {
            let t = want_str(arg(0)?, name)?;
            let from = want_str(arg(1)?, name)?;
            let to = want_str(arg(2)?, name)?;
            if from.len() > 2 && from.starts_with('/') && from.ends_with('/') {
                let re = cached_regex(from.get(1..from.len() - 1).unwrap_or("")).map_err(Fail)?;
                check_len(name, t.len().saturating_add(re.find_iter(&t).count().saturating_mul(to.len())))?;
                return s(Value::String(re.replace_all(&t, to.replace('$', "$$").as_str()).into_owned()));
            }
            if from.is_empty() {
                return s(Value::String(t));
            }
            check_len(name, t.len().saturating_add(t.matches(from.as_str()).count().saturating_mul(to.len())))?;
            s(Value::String(t.replace(&from, &to)))
        }
        "substr" => {
            let t = want_str(arg(0)?, name)?;
            let off = want_num(arg(1)?, name)?;
            let len = want_num(arg(2)?, name)?;
            let chars: Vec<char> = t.chars().collect();
            #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
            let start = if off < 0.0 { chars.len() as i64 + off as i64 } else { off as i64 };
            let start = usize::try_from(start.max(0)).unwrap_or(0).min(chars.len());
            let end = if len < 0.0 {
                chars.len()
            } else {
                to_index(len).map_or(chars.len(), |l| (start + l).min(chars.len()))
            };
            s(Value::String(chars.get(start..end).map(|c| c.iter().collect()).unwrap_or_default()))
        }
        "join" => {
            let sep = want_str(arg(0)?, name)?;
            let mut parts = Vec::new();
            for l in args.iter().skip(1) {
                for v in want_list(l, name)? {
                    if v.is_unknown() {
                        return Ok(Val::unknown());
                    }
                    parts.push(want_str(v, name)?);
                    check_len(name, parts.iter().map(|p| p.len() + sep.len()).sum())?;
                }
            }
            s(Value::String(parts.join(&sep)))
        }
        "split" => {
            let sep = want_str(arg(0)?, name)?;
            let t = want_str(arg(1)?, name)?;
            if t.is_empty() {
                return s(Value::List(vec![]));
            }
            if sep.is_empty() {
                return s(Value::List(t.chars().map(|c| Val::str(c.to_string())).collect()));
            }
            s(Value::List(t.split(sep.as_str()).map(Val::str).collect()))
        }
        "format" => format_fn(args),
        "formatlist" => Ok(Val::unknown()),
        "length" => match &arg(0)?.value {
            Value::List(l) => s(Value::Number(l.len() as f64)),
            Value::Object(m, _) => s(Value::Number(m.len() as f64)),
            Value::String(t) => s(Value::Number(t.chars().count() as f64)),
            Value::Unknown(_) | Value::PartialJson(_) => Ok(Val::unknown()),
            _ => fail("length: invalid argument"),
        },
        "concat" => {
            let mut out = Vec::new();
            for l in args {
                if l.is_unknown() {
                    return Ok(Val::unknown());
                }
                out.extend(want_list(l, name)?.iter().map(|v| v.with_prefix(&l.prov)));
            }
            s(Value::List(out))
        }
        "merge" => {
            let mut out = BTreeMap::new();
            for m in args {
                match &m.value {
                    Value::Null => {}
                    Value::Object(o, _) => {
                        for (k, v) in o {
                            out.insert(k.clone(), v.with_prefix(&m.prov));
                        }
                    }
                    Value::Unknown(_) | Value::PartialJson(_) => return Ok(Val::unknown()),
                    _ => return fail("merge: arguments must be maps or objects"),
                }
            }
            s(Value::Object(out, None))
        }
        "lookup" => {
            let m = arg(0)?;
            let k = want_str(arg(1)?, name)?;
            match m.get(&k) {
                Some(v) => Ok(v),
                None => match (&m.value, args.get(2)) {
                    (Value::Object(_, Some(addr)), _) => Ok(Val::unknown_ref(&format!("{addr}.{k}"))),
                    (_, Some(d)) => Ok(d.clone()),
                    _ => fail(format!("lookup: no key {k:?}")),
                },
            }
        }
        "contains" => {
            let l = want_list(arg(0)?, name)?;
            let x = arg(1)?;
            if l.iter().any(|v| v.value == x.value) {
                return s(Value::Bool(true));
            }
            if l.iter().any(Val::is_unknown) {
                return Ok(Val::unknown());
            }
            s(Value::Bool(false))
        }
        "coalesce" => {
            for v in args {
                match &v.value {
                    Value::Null => {}
                    Value::String(t) if t.is_empty() => {}
                    Value::Unknown(_) | Value::PartialJson(_) => return Ok(v.clone()),
                    _ => return Ok(v.clone()),
                }
            }
            fail("coalesce: no non-null argument")
        }
        "coalescelist" => {
            for v in args {
                match &v.value {
                    Value::List(l) if l.is_empty() => {}
                    _ => return Ok(v.clone()),
                }
            }
            fail("coalescelist: no non-empty list")
        }
        "tostring" => match &arg(0)?.value {
            Value::Null => s(Value::Null),
            _ => s(Value::String(want_str(arg(0)?, name)?)),
        },
        "tonumber" => match &arg(0)?.value {
            Value::Null => s(Value::Null),
            _ => s(Value::Number(want_num(arg(0)?, name)?)),
        },
        "tobool" => match arg(0)?.truth() {
            super::value::Tri::True => s(Value::Bool(true)),
            super::value::Tri::False => s(Value::Bool(false)),
            super::value::Tri::Unknown if matches!(arg(0)?.value, Value::Null) => s(Value::Null),
            super::value::Tri::Unknown => fail("tobool: not a boolean"),
        },
        "tolist" | "toset" => {
            let v = arg(0)?;
            match &v.value {
                Value::List(l) => {
                    let mut out: Vec<Val> = Vec::new();
                    for x in l {
                        if name == "toset" && out.iter().any(|o| o.value == x.value) {
                            continue;
                        }
                        out.push(x.clone());
                    }
                    Ok(v.map(Value::List(out)))
                }
                Value::Unknown(_) | Value::PartialJson(_) => Ok(v.clone()),
                _ => fail(format!("{name}: expected a list")),
            }
        }
        "tomap" => match &arg(0)?.value {
            Value::Object(..) => Ok(arg(0)?.clone()),
            _ => fail("tomap: expected an object"),
        },
        "keys" => match &arg(0)?.value {
            Value::Object(m, _) => s(Value::List(m.keys().map(Val::str).collect())),
            _ => fail("keys: expected a map"),
        },
        "values" => {
            let m = arg(0)?;
            match &m.value {
                Value::Object(o, _) => s(Value::List(o.values().map(|v| v.with_prefix(&m.prov)).collect())),
                _ => fail("values: expected a map"),
            }
        }
        "element" => {
            let l = want_list(arg(0)?, name)?;
            let i = to_index(want_num(arg(1)?, name)?).ok_or_else(|| Fail("element: bad index".to_owned()))?;
            if l.is_empty() {
                return fail("element: empty list");
            }
            let prov = &arg(0)?.prov;
            l.get(i % l.len()).map(|v| v.with_prefix(prov)).ok_or_else(|| Fail("element".to_owned()))
        }
        "index" => {
            let l = want_list(arg(0)?, name)?;
            let x = arg(1)?;
            match l.iter().position(|v| v.value == x.value) {
                Some(i) => s(Value::Number(i as f64)),
                None if l.iter().any(Val::is_unknown) => Ok(Val::unknown()),
                None => fail("index: not found"),
            }
        }
        "slice" => {
            let l = want_list(arg(0)?, name)?;
            let a = to_index(want_num(arg(1)?, name)?).unwrap_or(0);
            let b = to_index(want_num(arg(2)?, name)?).unwrap_or(0);
            l.get(a..b).map(|x| Val::new(Value::List(x.to_vec()))).ok_or_else(|| Fail("slice: out of range".to_owned()))
        }
        "one" => {
            let l = want_list(arg(0)?, name)?;
            match l {
                [] => s(Value::Null),
                [x] => Ok(x.with_prefix(&arg(0)?.prov)),
                _ => fail("one: more than one element"),
            }
        }
        "flatten" => {
            fn flat(v: &Val, out: &mut Vec<Val>, depth: usize) -> bool {
                match &v.value {
                    Value::List(l) if depth < 64 => {
                        for x in l {
                            if !flat(&x.with_prefix(&v.prov), out, depth + 1) {
                                return false;
                            }
                        }
                        true
                    }
                    Value::Unknown(_) | Value::PartialJson(_) => false,
                    _ => {
                        out.push(v.clone());
                        true
                    }
                }
            }
            let mut out = Vec::new();
            if !flat(arg(0)?, &mut out, 0) {
                return Ok(Val::unknown());
            }
            s(Value::List(out))
        }
        "distinct" => {
            let mut out: Vec<Val> = Vec::new();
            for x in want_list(arg(0)?, name)? {
                if !out.iter().any(|o| o.value == x.value) {
                    out.push(x.clone());
                }
            }
            s(Value::List(out))
        }
        "compact" => s(Value::List(
            want_list(arg(0)?, name)?
                .iter()
                .filter(|v| !matches!(&v.value, Value::Null) && v.as_str() != Some(""))
                .cloned()
                .collect(),
        )),
        "reverse" => {
            let mut l = want_list(arg(0)?, name)?.to_vec();
            l.reverse();
            s(Value::List(l))
        }
        "sort" => {
            let l = want_list(arg(0)?, name)?;
            if l.iter().any(Val::is_unknown) {
                return Ok(Val::unknown());
            }
            let mut v: Vec<String> = l.iter().map(|x| want_str(x, name)).collect::<Result<_, _>>()?;
            v.sort();
            s(Value::List(v.into_iter().map(Val::str).collect()))
        }
        "range" => {
            let nums: Vec<f64> = args.iter().map(|a| want_num(a, name)).collect::<Result<_, _>>()?;
            let (start, end, step) = match nums.as_slice() {
                [e] => (0.0, *e, 1.0),
                [a, b] => (*a, *b, if b >= a { 1.0 } else { -1.0 }),
                [a, b, c] => (*a, *b, *c),
                _ => return fail("range: 1 to 3 arguments"),
            };
            if step == 0.0 {
                return fail("range: step 0");
            }
            let mut out = Vec::new();
            let mut x = start;
            while ((step > 0.0 && x < end) || (step < 0.0 && x > end)) && out.len() < 1024 {
                out.push(Val::new(Value::Number(x)));
                x += step;
            }
            s(Value::List(out))
        }
        "zipmap" => {
            let k = want_list(arg(0)?, name)?;
            let v = want_list(arg(1)?, name)?;
            let mut m = BTreeMap::new();
            for (a, b) in k.iter().zip(v) {
                m.insert(want_str(a, name)?, b.clone());
            }
            s(Value::Object(m, None))
        }
        "alltrue" | "anytrue" => {
            let l = want_list(arg(0)?, name)?;
            let all = name == "alltrue";
            let mut unknown = false;
            for v in l {
                match v.truth() {
                    super::value::Tri::True if !all => return s(Value::Bool(true)),
                    super::value::Tri::False if all => return s(Value::Bool(false)),
                    super::value::Tri::Unknown => unknown = true,
                    _ => {}
                }
            }
            if unknown {
                return Ok(Val::unknown());
            }
            s(Value::Bool(all))
        }
        "min" | "max" | "sum" => {
            let mut nums: Vec<f64> = Vec::new();
            let items: Vec<Val> = if name == "sum" { want_list(arg(0)?, name)?.to_vec() } else { args.to_vec() };
            for x in &items {
                if x.is_unknown() {
                    return Ok(Val::unknown());
                }
                nums.push(want_num(x, name)?);
            }
            let r = match name {
                "min" => nums.iter().copied().fold(f64::INFINITY, f64::min),
                "max" => nums.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                _ => nums.iter().sum(),
            };
            s(Value::Number(r))
        }
        "abs" => s(Value::Number(want_num(arg(0)?, name)?.abs())),
        "ceil" => s(Value::Number(want_num(arg(0)?, name)?.ceil())),
        "floor" => s(Value::Number(want_num(arg(0)?, name)?.floor())),
        "pow" => s(Value::Number(want_num(arg(0)?, name)?.powf(want_num(arg(1)?, name)?))),
        "jsonencode" => {
            let v = arg(0)?;
            if v.has_unknown() {
                return Ok(v.map(Value::PartialJson(Box::new(v.clone()))));
            }
            s(Value::String(v.to_json().to_string()))
        }
        "jsondecode" => match &arg(0)?.value {
            Value::PartialJson(inner) => Ok(inner.as_ref().clone()),
            Value::Unknown(_) => Ok(Val::unknown()),
            Value::String(t) => match serde_json::from_str::<serde_json::Value>(t) {
                Ok(j) => Ok(Val::from_json(&j)),
                Err(e) => fail(format!("jsondecode: {e}")),
            },
            _ => fail("jsondecode: expected a string"),
        },
        "base64encode" => s(Value::String(b64_encode(want_str(arg(0)?, name)?.as_bytes()))),
        "base64decode" => match b64_decode(&want_str(arg(0)?, name)?).and_then(|b| String::from_utf8(b).ok()) {
            Some(t) => s(Value::String(t)),
            None => fail("base64decode: invalid input"),
        },
        "cidrsubnet" => {
            let prefix = want_str(arg(0)?, name)?;
            let newbits = want_num(arg(1)?, name)?;
            let netnum = want_num(arg(2)?, name)?;
            cidrsubnet(&prefix, newbits, netnum).map_or_else(|| fail("cidrsubnet: invalid"), |c| s(Value::String(c)))
        }
        "can" | "try" => Ok(Val::unknown()),
        _ => {
            let _ = a0;
            Ok(Val::unknown())
        }
    }
}

fn format_fn(args: &[Val]) -> R {
    let fmt =
        args.first().and_then(Val::as_string).ok_or_else(|| Fail("format: expected a format string".to_owned()))?;
    let mut out = String::new();
    let mut it = fmt.chars().peekable();
    let mut n = 1;
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        // Skip flags/width/precision.
        let mut spec = String::new();
        while let Some(&d) = it.peek() {
            if d.is_ascii_digit() || matches!(d, '.' | '-' | '+' | '#' | ' ') {
                spec.push(d);
                it.next();
            } else {
                break;
            }
        }
        check_len("format", out.len())?;
        let widest = spec
            .split('.')
            .filter_map(|p| p.trim_start_matches(['-', '+', '0', ' ', '#']).parse::<usize>().ok())
            .max()
            .unwrap_or(0);
        let overflow = spec.split('.').any(|p| {
            let d = p.trim_start_matches(['-', '+', '0', ' ', '#']);
            !d.is_empty() && d.parse::<usize>().is_err()
        });
        if widest > MAX_TF_FORMAT_WIDTH || overflow {
            return Err(Fail::limit(format!(
                "format width or precision `%{spec}` is over the {MAX_TF_FORMAT_WIDTH} limit; the value reads as unknown"
            )));
        }
        match it.next() {
            Some('%') => out.push('%'),
            Some(verb) => {
                let v = args.get(n).ok_or_else(|| Fail("format: too few arguments".to_owned()))?;
                n += 1;
                if v.is_unknown() {
                    return Ok(Val::unknown());
                }
                match verb {
                    'd' => {
                        let n = fmt_number(want_num(v, "format")?.trunc());
                        let width: usize = spec.trim_start_matches(['-', '+', '0', ' ', '#']).parse().unwrap_or(0);
                        let pad = width.saturating_sub(n.chars().count());
                        let fill = if spec.starts_with('0') { '0' } else { ' ' };
                        if spec.starts_with('-') {
                            out.push_str(&n);
                            out.extend(std::iter::repeat_n(' ', pad));
                        } else if fill == '0' && n.starts_with('-') {
                            out.push('-');
                            out.extend(std::iter::repeat_n('0', pad));
                            out.push_str(n.trim_start_matches('-'));
                        } else {
                            out.extend(std::iter::repeat_n(fill, pad));
                            out.push_str(&n);
                        }
                    }
                    'q' => out.push_str(&format!("{:?}", want_str(v, "format")?)),
                    'v' if !matches!(v.value, Value::String(_) | Value::Number(_) | Value::Bool(_)) => {
                        out.push_str(&v.to_json().to_string());
                    }
                    'f' | 'g' | 'e' => {
                        let x = want_num(v, "format")?;
                        match spec.split('.').nth(1).and_then(|p| p.parse::<usize>().ok()) {
                            Some(p) => out.push_str(&format!("{x:.p$}")),
                            None => out.push_str(&x.to_string()),
                        }
                    }
                    _ => out.push_str(&want_str(v, "format")?),
                }
            }
            None => out.push('%'),
        }
    }
    check_len("format", out.len())?;
    Ok(Val::str(out))
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
#[must_use]
pub fn b64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 decode (padding optional, whitespace ignored).
#[must_use]
pub fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let v = u32::try_from(B64.iter().position(|&x| x == c)?).ok()?;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buf >> bits) & 0xFF).ok()?);
        }
    }
    Some(out)
}

/// `cidrsubnet(prefix, newbits, netnum)` for IPv4.
fn cidrsubnet(prefix: &str, newbits: f64, netnum: f64) -> Option<String> {
    let (addr, len) = prefix.split_once('/')?;
    let len: u32 = len.parse().ok()?;
    let ip: std::net::Ipv4Addr = addr.parse().ok()?;
    let newbits = u32::try_from(to_index(newbits)?).ok()?;
    let netnum = u32::try_from(to_index(netnum)?).ok()?;
    let newlen = len.checked_add(newbits)?;
    if newlen > 32 || (newbits < 32 && netnum >= (1u32 << newbits)) {
        return None;
    }
    let base = u32::from(ip) & if len == 0 { 0 } else { u32::MAX << (32 - len) };
    let shifted = if newlen == 0 { 0 } else { netnum.checked_shl(32 - newlen)? };
    Some(format!("{}/{}", std::net::Ipv4Addr::from(base | shifted), newlen))
}

/// A compiled regular expression for `replace(…, "/re/", …)` and friends, cached per thread: the
/// same few patterns are applied in every module call of every root, and compiling one costs
/// far more than applying it. The cache is bounded (cleared when full).
fn cached_regex(pattern: &str) -> Result<regex::Regex, String> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    const MAX: usize = 256;
    thread_local! {
        static CACHE: RefCell<HashMap<String, Result<regex::Regex, String>>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(hit) = c.get(pattern) {
            return hit.clone();
        }
        let compiled = regex::Regex::new(pattern).map_err(|e| e.to_string());
        if c.len() >= MAX {
            c.clear();
        }
        c.insert(pattern.to_owned(), compiled.clone());
        compiled
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn strs(v: &[&str]) -> Val {
        Val::new(Value::List(v.iter().map(|s| Val::str(*s)).collect()))
    }

    #[test]
    fn strings_and_lists() {
        assert_eq!(call("lower", &[Val::str("ABC")]).unwrap().as_str(), Some("abc"));
        assert_eq!(call("join", &[Val::str("-"), strs(&["a", "b"])]).unwrap().as_str(), Some("a-b"));
        assert_eq!(call("split", &[Val::str(","), Val::str("a,b")]).unwrap().as_list().unwrap().len(), 2);
        assert_eq!(
            call("format", &[Val::str("%s-%d"), Val::str("x"), Val::new(Value::Number(3.0))]).unwrap().as_str(),
            Some("x-3")
        );
        assert_eq!(
            call("replace", &[Val::str("a.b"), Val::str("/[.]/"), Val::str("_")]).unwrap().as_str(),
            Some("a_b")
        );
        // The second use of a pattern comes from the cache and behaves the same; a broken pattern
        // is an error each time (cached too), never a panic.
        assert_eq!(
            call("replace", &[Val::str("x.y.z"), Val::str("/[.]/"), Val::str("-")]).unwrap().as_str(),
            Some("x-y-z")
        );
        for _ in 0..2 {
            assert!(call("replace", &[Val::str("a"), Val::str("/([a/"), Val::str("b")]).is_err());
        }
        assert_eq!(call("contains", &[strs(&["a"]), Val::str("a")]).unwrap().truth(), super::super::value::Tri::True);
        assert_eq!(call("element", &[strs(&["a", "b"]), Val::new(Value::Number(3.0))]).unwrap().as_str(), Some("b"));
        assert!(call("element", &[strs(&[]), Val::new(Value::Number(0.0))]).is_err());
    }

    #[test]
    fn unknown_propagates() {
        assert!(call("lower", &[Val::unknown()]).unwrap().is_unknown());
        assert!(call("contains", &[Val::new(Value::List(vec![Val::unknown()])), Val::str("a")]).unwrap().is_unknown());
        assert!(call("some_unimplemented_fn", &[Val::str("x")]).unwrap().is_unknown());
        let j = call("jsonencode", &[Val::object([("a".to_owned(), Val::unknown())].into())]).unwrap();
        assert!(j.is_unknown());
        assert!(call("jsondecode", &[j]).unwrap().as_object().is_some());
    }

    #[test]
    fn encodings_and_cidr() {
        assert_eq!(b64_encode(b"hello"), "aGVsbG8=");
        assert_eq!(b64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(cidrsubnet("10.0.0.0/16", 8.0, 2.0).as_deref(), Some("10.0.2.0/24"));
        assert_eq!(
            call("jsondecode", &[Val::str("{\"a\":[1,true]}")]).unwrap().get("a").unwrap().as_list().unwrap().len(),
            2
        );
    }
}
