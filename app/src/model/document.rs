//! Per document monitors: the named queries a person builds row by row (field, operator,
//! value, tags) and the query-string text each becomes, the trigger conditions over query
//! names and tags and the expression they become — exactly as the Dashboards write them
//! (`DOC_LEVEL_QUERY_MAP`, `getDocumentLevelScriptSource`) and read them back
//! (`queriesToFormik`, `getQueryOperator`), so either tool opens the other's monitors.
//!
//! A per document monitor has no time range: the cluster runs each query over the
//! documents indexed since its last run and records a *finding* per matching document.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::bucket::AndOr;
use super::draft::FilterOperator;
use super::monitor::DocLevelQuery;

/// Operators of a document query (`SUPPORTED_DOC_LEVEL_QUERY_OPERATORS`).
pub const OPERATORS: [FilterOperator; 6] = [
    FilterOperator::Is,
    FilterOperator::IsNot,
    FilterOperator::IsGreater,
    FilterOperator::IsGreaterEqual,
    FilterOperator::IsLess,
    FilterOperator::IsLessEqual,
];

/// The extraction editor's start for a per document monitor: the input without its
/// indices, as the Dashboards show it, with a query the cluster accepts.
pub const DEFAULT_DOC_EXTRACTION: &str = "{\n  \"description\": \"\",\n  \"queries\": [\n    {\n      \"name\": \"query1\",\n      \"query\": \"audit_category:\\\"FAILED_LOGIN\\\"\",\n      \"tags\": []\n    }\n  ]\n}";

/// The extraction editor's start for a document trigger.
pub const DEFAULT_DOC_TRIGGER_SCRIPT: &str = "query[name=query1]";

/// The message a per document monitor's new action starts with.
pub const DEFAULT_DOC_MESSAGE: &str = "Monitor {{ctx.monitor.name}} just entered alert status. Please investigate the issue.\n  - Trigger: {{ctx.trigger.name}}\n  - Severity: {{ctx.trigger.severity}}\n  - Period start: {{ctx.periodStart}}\n  - Period end: {{ctx.periodEnd}}\n\n  - Alerts:\n  {{#ctx.alerts}}\n    * {{id}} : {{related_doc_ids}}\n  {{/ctx.alerts}}";

/// One query of a per document monitor, as the visual editor shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct DocQueryDraft {
    /// The cluster's id once published; kept so an update keeps the query's findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// "Query name": what trigger conditions name (`query[name=…]`).
    pub name: String,
    pub field: String,
    /// One of [`OPERATORS`].
    pub operator: FilterOperator,
    /// As typed; a number for the comparisons.
    pub value: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl DocQueryDraft {
    /// `DOC_LEVEL_QUERY_MAP`: `f:"v"`, `NOT (f:"v")`, `f:>v`, `f:>=v`, `f:<v`, `f:<=v`. Quotes
    /// and backslashes in a quoted value are escaped, so the value is matched as typed.
    pub fn query_string(&self) -> String {
        let (field, value) = (&self.field, &self.value);
        match self.operator {
            FilterOperator::IsNot => format!("NOT ({field}:\"{}\")", escape(value)),
            FilterOperator::IsGreater => format!("{field}:>{value}"),
            FilterOperator::IsGreaterEqual => format!("{field}:>={value}"),
            FilterOperator::IsLess => format!("{field}:<{value}"),
            FilterOperator::IsLessEqual => format!("{field}:<={value}"),
            _ => format!("{field}:\"{}\"", escape(value)),
        }
    }

    /// The cluster's query.
    pub fn to_query(&self) -> DocLevelQuery {
        DocLevelQuery {
            id: self.id.clone(),
            name: self.name.clone(),
            query: self.query_string(),
            tags: self.tags.clone(),
            fields: Vec::new(),
        }
    }

    /// `queriesToFormik`: the row a cluster query was built from, or `None` when its text
    /// is not one the row can show (hand-written query-string syntax).
    pub fn from_query(q: &DocLevelQuery) -> Option<DocQueryDraft> {
        let (operator, field, value) = parse_query_string(&q.query)?;
        let row = DocQueryDraft { id: q.id.clone(), name: q.name.clone(), field, operator, value, tags: q.tags.clone() };
        (row.query_string() == q.query).then_some(row)
    }

    /// The Dashboards' `ui_metadata.doc_level_input.queries[i]`.
    pub fn ui_metadata(&self) -> Value {
        json!({
            "id": self.id.clone().unwrap_or_default(),
            "queryName": self.name,
            "field": self.field,
            "operator": self.operator.api_name(),
            "query": self.value,
            "tags": self.tags,
        })
    }
}

fn escape(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"")
}

fn unescape(v: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            '"' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// `getQueryOperator` + `parseQueryString`.
fn parse_query_string(text: &str) -> Option<(FilterOperator, String, String)> {
    if let Some(inner) = text.strip_prefix("NOT (").and_then(|t| t.strip_suffix(')')) {
        let (field, value) = quoted(inner)?;
        return Some((FilterOperator::IsNot, field, value));
    }
    for (op, sep) in [
        (FilterOperator::IsGreaterEqual, ":>="),
        (FilterOperator::IsLessEqual, ":<="),
        (FilterOperator::IsGreater, ":>"),
        (FilterOperator::IsLess, ":<"),
    ] {
        if let Some((field, value)) = text.split_once(sep) {
            return Some((op, field.to_owned(), value.to_owned()));
        }
    }
    let (field, value) = quoted(text)?;
    Some((FilterOperator::Is, field, value))
}

/// `field:"value"`.
fn quoted(text: &str) -> Option<(String, String)> {
    let (field, rest) = text.split_once(':')?;
    let value = rest.strip_prefix('"')?.strip_suffix('"')?;
    Some((field.to_owned(), unescape(value)?))
}

/// What a trigger condition names: one query, or every query with a tag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocTarget {
    #[default]
    Name,
    Tag,
}

impl DocTarget {
    fn key(self) -> &'static str {
        match self {
            DocTarget::Name => "name",
            DocTarget::Tag => "tag",
        }
    }
}

/// One row of a document trigger's conditions: `[AND|OR] query[name=q1]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct DocConditionDraft {
    /// Ignored on the first row.
    #[serde(default)]
    pub and_or: AndOr,
    pub target: DocTarget,
    /// The query's name or the tag.
    pub value: String,
}

impl DocConditionDraft {
    /// `query[name=q1]`.
    pub fn expression(&self) -> String {
        format!("query[{}={}]", self.target.key(), self.value)
    }

    /// The value of the "Query or tag" choice: `name=q1` / `tag=t1`.
    pub fn choice(&self) -> String {
        format!("{}={}", self.target.key(), self.value)
    }

    pub fn set_choice(&mut self, choice: &str) {
        if let Some((target, value)) = choice.split_once('=') {
            self.target = if target == "tag" { DocTarget::Tag } else { DocTarget::Name };
            self.value = value.to_owned();
        }
    }
}

/// `getDocumentLevelScriptSource`: `query[name=q1] && query[tag=t1]`.
pub fn script(conditions: &[DocConditionDraft]) -> String {
    let mut parts = Vec::new();
    for (i, c) in conditions.iter().enumerate() {
        if i > 0 {
            parts.push(c.and_or.operator().to_owned());
        }
        parts.push(c.expression());
    }
    parts.join(" ")
}

/// The rows an expression was built from, or `None` when it is not one the rows can show
/// (`!`, parentheses, hand-written spacing).
pub fn conditions_from(source: &str) -> Option<Vec<DocConditionDraft>> {
    let mut out = Vec::new();
    let mut and_or = AndOr::And;
    for (i, token) in source.split(' ').enumerate() {
        if i % 2 == 1 {
            and_or = AndOr::from_operator(token)?;
            continue;
        }
        let inner = token.strip_prefix("query[")?.strip_suffix(']')?;
        let (key, value) = inner.split_once('=')?;
        let target = match key {
            "name" => DocTarget::Name,
            "tag" => DocTarget::Tag,
            _ => return None,
        };
        out.push(DocConditionDraft { and_or, target, value: value.to_owned() });
    }
    (!out.is_empty() && script(&out) == source).then_some(out)
}

/// The Dashboards' `ui_metadata.triggers[name]` of a document trigger.
pub fn ui_conditions(conditions: &[DocConditionDraft]) -> Value {
    conditions
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "query": {"queryName": c.value, "operator": "==", "expression": c.choice()},
                "andOrCondition": if i == 0 { "" } else { c.and_or.label() },
            })
        })
        .collect()
}

/// "Query or tag" choices: `(value, label)`, each query by name, then each tag once.
pub fn condition_choices(queries: &[DocQueryDraft]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        queries.iter().filter(|q| !q.name.is_empty()).map(|q| (format!("name={}", q.name), format!("Query: {}", q.name))).collect();
    for tag in queries.iter().flat_map(|q| &q.tags).filter(|t| !t.is_empty()) {
        let choice = (format!("tag={tag}"), format!("Tag: {tag}"));
        if !out.contains(&choice) {
            out.push(choice);
        }
    }
    out
}

/// The extraction editor's text as a per document input's description and queries.
pub fn input_from_text(text: &str) -> Result<(String, Vec<DocLevelQuery>), String> {
    #[derive(Deserialize)]
    struct Typed {
        #[serde(default)]
        description: String,
        queries: Vec<DocLevelQuery>,
    }
    let v: Value = serde_json::from_str(text).map_err(|_| super::validate::INVALID_JSON.to_owned())?;
    let t: Typed = serde_json::from_value(v).map_err(|e| format!("Not a per document input: {e}."))?;
    Ok((t.description, t.queries))
}

/// Splits the "Tags" field's text (`,` separates) into tags.
pub fn split_tags(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}
