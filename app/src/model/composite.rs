//! Composite monitors (the cluster's workflows): delegate monitors that run in order, and
//! chained alert triggers over which of them alerted in a run.
//!
//! The form keeps what the Dashboards' "Delegate monitors" list and trigger expression
//! builder keep: the delegates' monitor ids in their order, and per trigger the rows
//! `[NOT] monitor AND|OR [NOT] monitor …`, written as `(monitor[id=a] && !monitor[id=b])`
//! exactly as their `expressionsToCondition` writes it.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use strum::{EnumMessage, IntoStaticStr, VariantArray};

use super::draft::{MonitorType, variant_array};
use super::monitor::{CompositeInput, Delegate, Input, Sequence};

/// "Delegate two or more monitors"; the list offers up to ten.
pub const MIN_DELEGATES: usize = 2;
pub const MAX_DELEGATES: usize = 10;

/// The cluster runs a composite monitor by id only (`…/workflows/{id}/_execute`): before it
/// is published, its messages cannot be rendered or sent.
pub const NOT_TESTED: &str = "A composite monitor's messages cannot be previewed or sent before it is published: the cluster runs composite monitors by id only.";

/// `monitorTypesForComposition`: a composite monitor chains these types only.
pub fn can_delegate(t: MonitorType) -> bool {
    matches!(t, MonitorType::QueryLevel | MonitorType::BucketLevel | MonitorType::DocLevel)
}

/// How a condition row joins the expression: the first row is plain or `NOT`, the others
/// `AND`, `OR`, `AND NOT` or `OR NOT`. The wire name (the Dashboards' `description`) is the
/// serde name and the strum name; the message is the Painless that row adds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumMessage, VariantArray)]
pub enum ChainOperator {
    #[default]
    #[serde(rename = "")]
    #[strum(serialize = "", message = "")]
    Plain,
    #[serde(rename = "NOT")]
    #[strum(serialize = "NOT", message = "!")]
    Not,
    #[serde(rename = "AND")]
    #[strum(serialize = "AND", message = "&& ")]
    And,
    #[serde(rename = "OR")]
    #[strum(serialize = "OR", message = "|| ")]
    Or,
    #[serde(rename = "AND NOT")]
    #[strum(serialize = "AND NOT", message = "&& !")]
    AndNot,
    #[serde(rename = "OR NOT")]
    #[strum(serialize = "OR NOT", message = "|| !")]
    OrNot,
}

impl ChainOperator {
    pub const ALL: [ChainOperator; 6] = variant_array(ChainOperator::VARIANTS);
    /// The choices of the first row, then of the others (`FIRST_EXPRESSION_CONDITIONS_MAP`,
    /// `EXPRESSION_CONDITIONS_MAP`).
    pub const FIRST: [ChainOperator; 2] = [ChainOperator::Plain, ChainOperator::Not];
    pub const NEXT: [ChainOperator; 4] = [ChainOperator::And, ChainOperator::Or, ChainOperator::AndNot, ChainOperator::OrNot];

    /// The select's value and text.
    pub fn label(self) -> &'static str {
        self.into()
    }

    pub fn from_label(label: &str) -> Option<ChainOperator> {
        ChainOperator::ALL.into_iter().find(|o| o.label() == label)
    }

    /// What the row adds before `monitor[id=…]`.
    fn painless(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }

    /// Whether this operator may start (`true`) or continue (`false`) an expression.
    pub fn fits(self, first: bool) -> bool {
        if first { Self::FIRST.contains(&self) } else { Self::NEXT.contains(&self) }
    }
}

/// One row of a composite trigger's condition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ChainConditionDraft {
    #[serde(default)]
    pub operator: ChainOperator,
    /// A delegate's monitor id; empty until one is chosen.
    #[serde(default)]
    pub monitor_id: String,
}

/// `expressionsToCondition`: rows without a monitor are left out; the whole in parentheses.
pub fn script(conditions: &[ChainConditionDraft]) -> String {
    let mut out = String::new();
    for c in conditions.iter().filter(|c| !c.monitor_id.is_empty()) {
        out = format!("{out} {}monitor[id={}]", c.operator.painless(), c.monitor_id).trim().to_owned();
    }
    format!("({out})")
}

/// The rows an expression was built from, or `None` when the rows cannot show it exactly
/// as written (grouping parentheses, other spacing, no outer parentheses as in the
/// cluster's own examples, anything but `monitor[id=…]` terms): such an expression is
/// edited as text, so a round trip never rewrites it.
pub fn conditions_from(source: &str) -> Option<Vec<ChainConditionDraft>> {
    let inner = source.strip_prefix('(')?.strip_suffix(')')?;
    let mut out = Vec::new();
    let mut joiner: Option<&str> = None;
    for token in inner.split(' ') {
        if out.is_empty() || joiner.is_some() {
            let (not, term) = match token.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, token),
            };
            let id = term.strip_prefix("monitor[id=")?.strip_suffix(']')?;
            if id.is_empty() || id.contains(['[', ']', '=']) {
                return None;
            }
            let operator = match (joiner.take(), not) {
                (None, false) => ChainOperator::Plain,
                (None, true) => ChainOperator::Not,
                (Some("&&"), false) => ChainOperator::And,
                (Some("&&"), true) => ChainOperator::AndNot,
                (Some("||"), false) => ChainOperator::Or,
                (Some("||"), true) => ChainOperator::OrNot,
                _ => return None,
            };
            out.push(ChainConditionDraft { operator, monitor_id: id.to_owned() });
        } else {
            joiner = Some(token).filter(|t| matches!(*t, "&&" | "||"));
            joiner?;
        }
    }
    let written = script(&out);
    (joiner.is_none() && !out.is_empty() && written == source).then_some(out)
}

/// The condition a new trigger starts from: every delegate, joined by AND (as the
/// Dashboards fill it in for a new trigger).
pub fn default_conditions(delegates: &[String]) -> Vec<ChainConditionDraft> {
    let rows: Vec<ChainConditionDraft> = delegates
        .iter()
        .filter(|id| !id.is_empty())
        .enumerate()
        .map(|(i, id)| ChainConditionDraft { operator: if i == 0 { ChainOperator::Plain } else { ChainOperator::And }, monitor_id: id.clone() })
        .collect();
    if rows.is_empty() { vec![ChainConditionDraft::default(), ChainConditionDraft { operator: ChainOperator::And, ..Default::default() }] } else { rows }
}

/// `formikToCompositeInput`: the delegates in order, numbered from 1.
pub fn input(delegates: &[String]) -> Input {
    let delegates = delegates
        .iter()
        .enumerate()
        .map(|(i, id)| Delegate { order: i as u32 + 1, monitor_id: id.clone(), chained_monitor_findings: None })
        .collect();
    Input::CompositeInput(CompositeInput { sequence: Sequence { delegates } })
}

/// The delegates of a workflow's inputs, in their order, when the list can show them: one
/// composite input whose delegates chain no findings (which the Dashboards never write).
pub fn delegates_from(inputs: &[Value]) -> Option<Vec<String>> {
    let [only] = inputs else { return None };
    let input = serde_json::from_value::<CompositeInput>(only.get("composite_input")?.clone()).ok()?;
    if input.sequence.delegates.iter().any(|d| d.chained_monitor_findings.is_some()) {
        return None;
    }
    Some(input.ordered_ids())
}

/// Every monitor id a composite input names: its delegates and the monitors whose
/// findings they chain. What publish checks belongs to the team.
pub fn referenced_monitors(input: &CompositeInput) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, d) in input.sequence.delegates.iter().enumerate() {
        out.push((format!("delegates[{i}]"), d.monitor_id.clone()));
        if let Some(id) = d.chained_monitor_findings.as_ref().and_then(|c| c.get("monitor_id")).and_then(Value::as_str) {
            out.push((format!("delegates[{i}].chained_monitor_findings"), id.to_owned()));
        }
    }
    out
}

/// Whether a composite trigger's expression holds, given which delegates raised alerts in
/// the run: the cluster's `ChainedAlertExpressionParser` semantics — spaces ignored, `!`
/// binds tightest, `&&` and `||` bind equally and are read left to right (`a || b && c` is
/// `(a || b) && c`), parentheses group, `monitor[id=X]` holds when X alerted. Used where
/// the cluster cannot run the composite monitor itself (before it is published).
pub fn evaluate(source: &str, alerted: impl Fn(&str) -> bool) -> Result<bool, String> {
    let text: String = source.chars().filter(|c| !c.is_whitespace()).collect();
    let mut tokens = Vec::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let (token, len) = if let Some(r) = rest.strip_prefix("monitor[") {
            let end = r.find(']').ok_or_else(|| format!("Unclosed monitor[ in {source:?}."))?;
            let id = r[..end].strip_prefix("id=").ok_or_else(|| format!("Expected monitor[id=…] in {source:?}."))?;
            (Token::Monitor(id.to_owned()), "monitor[".len() + end + 1)
        } else if rest.starts_with("&&") {
            (Token::And, 2)
        } else if rest.starts_with("||") {
            (Token::Or, 2)
        } else {
            match rest.as_bytes()[0] {
                b'!' => (Token::Not, 1),
                b'(' => (Token::Open, 1),
                b')' => (Token::Close, 1),
                _ => return Err(format!("Unexpected {:?} in the trigger condition.", rest.chars().next().unwrap_or_default())),
            }
        };
        tokens.push(token);
        rest = &rest[len..];
    }
    let mut at = 0;
    let value = expression(&tokens, &mut at, &alerted)?;
    if at != tokens.len() {
        return Err("Unexpected text after the end of the trigger condition.".into());
    }
    Ok(value)
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Monitor(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

fn expression(tokens: &[Token], at: &mut usize, alerted: &impl Fn(&str) -> bool) -> Result<bool, String> {
    let mut value = operand(tokens, at, alerted)?;
    while let Some(op @ (Token::And | Token::Or)) = tokens.get(*at) {
        *at += 1;
        let right = operand(tokens, at, alerted)?;
        value = if *op == Token::And { value && right } else { value || right };
    }
    Ok(value)
}

fn operand(tokens: &[Token], at: &mut usize, alerted: &impl Fn(&str) -> bool) -> Result<bool, String> {
    let token = tokens.get(*at).ok_or("The trigger condition ends where a monitor was expected.")?;
    *at += 1;
    match token {
        Token::Monitor(id) => Ok(alerted(id)),
        Token::Not => Ok(!operand(tokens, at, alerted)?),
        Token::Open => {
            let value = expression(tokens, at, alerted)?;
            if tokens.get(*at) != Some(&Token::Close) {
                return Err("No matching right parenthesis.".into());
            }
            *at += 1;
            Ok(value)
        }
        _ => Err("Expected monitor[id=…], ! or ( in the trigger condition.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(spec: &[(ChainOperator, &str)]) -> Vec<ChainConditionDraft> {
        spec.iter().map(|(operator, id)| ChainConditionDraft { operator: *operator, monitor_id: (*id).to_owned() }).collect()
    }

    #[test]
    fn serde_and_strum_names_agree() {
        for op in ChainOperator::ALL {
            assert_eq!(serde_json::to_value(op).unwrap(), Value::String(op.label().to_owned()));
            assert_eq!(ChainOperator::from_label(op.label()), Some(op));
        }
    }

    #[test]
    fn expressions_are_written_as_the_dashboards_write_them() {
        use ChainOperator::*;
        assert_eq!(script(&rows(&[(Plain, "a"), (And, "b")])), "(monitor[id=a] && monitor[id=b])");
        assert_eq!(script(&rows(&[(Not, "a"), (OrNot, "b"), (AndNot, "c"), (Or, "d")])), "(!monitor[id=a] || !monitor[id=b] && !monitor[id=c] || monitor[id=d])");
        assert_eq!(script(&rows(&[(Plain, "a"), (And, "")])), "(monitor[id=a])");
        assert_eq!(script(&[]), "()");
    }

    #[test]
    fn expressions_read_back_as_rows_or_not_at_all() {
        use ChainOperator::*;
        for spec in [vec![(Plain, "a"), (And, "b")], vec![(Not, "x-1"), (OrNot, "y_2"), (AndNot, "z"), (Or, "w")]] {
            let r = rows(&spec);
            assert_eq!(conditions_from(&script(&r)), Some(r));
        }
        for unreadable in ["monitor[id=m1] && monitor[id=m2]", "", "()", "(monitor[id=a] &&)", "(monitor[id=a]  && monitor[id=b])", "((monitor[id=a]) && monitor[id=b])", "(query[name=a])", "(monitor[id=a] & monitor[id=b])", "(monitor[id=] && monitor[id=b])"] {
            assert_eq!(conditions_from(unreadable), None, "{unreadable}");
        }
    }

    #[test]
    fn delegates_are_numbered_from_one_and_read_back_in_order() {
        let input = serde_json::to_value(input(&["b".into(), "a".into()])).unwrap();
        assert_eq!(input, serde_json::json!({"composite_input": {"sequence": {"delegates": [{"order": 1, "monitor_id": "b"}, {"order": 2, "monitor_id": "a"}]}}}));
        let reversed = serde_json::json!({"composite_input": {"sequence": {"delegates": [{"order": 2, "monitor_id": "a"}, {"order": 1, "monitor_id": "b"}]}}});
        assert_eq!(delegates_from(&[reversed]), Some(vec!["b".to_owned(), "a".to_owned()]));
        let chained = serde_json::json!({"composite_input": {"sequence": {"delegates": [{"order": 1, "monitor_id": "a"}, {"order": 2, "monitor_id": "b", "chained_monitor_findings": {"monitor_id": "a"}}]}}});
        assert_eq!(delegates_from(std::slice::from_ref(&chained)), None);
        let typed: CompositeInput = serde_json::from_value(chained["composite_input"].clone()).unwrap();
        assert_eq!(referenced_monitors(&typed).len(), 3);
    }

    #[test]
    fn expressions_evaluate_as_the_cluster_evaluates_them() {
        let fired = |id: &str| matches!(id, "a" | "c");
        for (source, expected) in [
            ("(monitor[id=a] && !monitor[id=b])", true),
            ("monitor[id=a] && monitor[id=b]", false),
            ("!monitor[id=b]", true),
            ("!!monitor[id=b]", false),
            // && and || bind equally, left to right: (a || b) && b.
            ("monitor[id=a] || monitor[id=b] && monitor[id=b]", false),
            ("monitor[id=b] && monitor[id=b] || monitor[id=a]", true),
            ("(monitor[id=b]) && (monitor[id=a]) || (monitor[id=c])", true),
            ("( monitor[id=a]&&! ( monitor[id=b] || monitor[id=d] ) )", true),
        ] {
            assert_eq!(evaluate(source, fired), Ok(expected), "{source}");
        }
        for broken in ["", "()", "(monitor[id=a]", "monitor[id=a])", "monitor[id=a] &&", "monitor[name=a]", "monitor[id=a] & monitor[id=b]", "query[name=a]"] {
            assert!(evaluate(broken, fired).is_err(), "{broken}");
        }
    }

    #[test]
    fn a_new_trigger_joins_every_delegate() {
        use ChainOperator::*;
        assert_eq!(default_conditions(&["a".into(), String::new(), "b".into()]), rows(&[(Plain, "a"), (And, "b")]));
        assert_eq!(default_conditions(&[]), rows(&[(Plain, ""), (And, "")]));
    }
}
