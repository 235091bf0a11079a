//! How a client reads an operation's success answers, decided once here:
//! the `Accept` header it sends and, for several success cases, the order in
//! which statuses and media types are matched.

use crate::ir::*;
use crate::naming::{self, Namespace};

/// The `Accept` header: the media types of every success case, in document
/// order, each once.
pub(crate) fn accept(response: &ResponseShape) -> String {
    let cases = match response {
        ResponseShape::Single(c) => std::slice::from_ref(c),
        ResponseShape::Many { cases, .. } => cases.as_slice(),
    };
    let mut media: Vec<&str> = Vec::new();
    for c in cases {
        let all: Vec<&str> = match &c.body {
            ResponseBody::Binary { media_types } => media_types.iter().map(String::as_str).collect(),
            _ => c.media_type.iter().map(String::as_str).collect(),
        };
        for m in all {
            if !media.contains(&m) {
                media.push(m);
            }
        }
    }
    media.join(", ")
}

/// Statuses in document order, ranges last. A status with several cases
/// gets a media check per case and reports an unexpected content type when
/// none fits; when it has several JSON cases (different types per JSON media
/// type), JSON is matched by exact media type.
pub(crate) fn arms(cases: &[SuccessCase]) -> Vec<StatusArm> {
    let mut statuses: Vec<Option<u16>> = Vec::new();
    for c in cases {
        if !statuses.contains(&c.status) {
            statuses.push(c.status);
        }
    }
    statuses.sort_by_key(|s| s.is_none());
    statuses
        .into_iter()
        .map(|status| {
            let group: Vec<usize> = (0..cases.len()).filter(|&i| cases[i].status == status).collect();
            if group.len() == 1 {
                return StatusArm {
                    status,
                    cases: vec![(group[0], MediaCheck::Any)],
                    expected: None,
                };
            }
            let exact_json = group
                .iter()
                .filter(|&&i| matches!(cases[i].body, ResponseBody::Json(_)))
                .count()
                > 1;
            let checked = group.iter().map(|&i| (i, check(&cases[i], exact_json))).collect();
            let expected = group
                .iter()
                .filter_map(|&i| cases[i].media_type.clone())
                .collect::<Vec<_>>()
                .join(", ");
            StatusArm {
                status,
                cases: checked,
                expected: Some(expected),
            }
        })
        .collect()
}

fn check(case: &SuccessCase, exact_json: bool) -> MediaCheck {
    let own = || case.media_type.iter().cloned().collect::<Vec<_>>();
    match &case.body {
        ResponseBody::Json(_) if exact_json => MediaCheck::Exactly(own()),
        ResponseBody::Json(_) => MediaCheck::Json,
        ResponseBody::Text | ResponseBody::Events(_) => MediaCheck::Exactly(own()),
        ResponseBody::Binary { media_types } => MediaCheck::Exactly(media_types.clone()),
        ResponseBody::Empty => MediaCheck::Any,
    }
}

/// JSON first: when an operation's success cases share one status and
/// offer JSON beside other media types, its method asks for JSON only and
/// returns the JSON type; each other media type gets a method of its own,
/// `<method>_<media>` (`get_metrics_text`, `get_photo_image_jpeg`), asking for
/// that media type. Returns the operation, then its alternatives.
pub(crate) fn json_first(op: Operation, fn_names: &mut Namespace) -> Vec<Operation> {
    let ResponseShape::Many { cases, .. } = &op.response else {
        return vec![op];
    };
    let is_json = |c: &SuccessCase| matches!(c.body, ResponseBody::Json(_));
    let one_status = cases.iter().all(|c| c.status == cases[0].status);
    let json: Vec<&SuccessCase> = cases.iter().filter(|c| is_json(c)).collect();
    let other_media = cases
        .iter()
        .all(|c| is_json(c) || !matches!(c.body, ResponseBody::Empty));
    if !one_status || json.len() != 1 || !other_media || cases.len() < 2 {
        return vec![op];
    }
    let mut main = op.clone();
    main.response = ResponseShape::Single(json[0].clone());
    main.accept = accept(&main.response);
    let mut out = Vec::new();
    for case in cases.iter().filter(|c| !is_json(c)) {
        let (suffix, media) = match &case.body {
            ResponseBody::Binary { media_types } if media_types.len() == 1 => {
                (naming::snake_name(&media_types[0]), media_types[0].clone())
            }
            ResponseBody::Binary { media_types } => ("binary".to_string(), media_types.join("`, `")),
            ResponseBody::Events(_) => ("events".to_string(), case.media_type.clone().unwrap_or_default()),
            _ => ("text".to_string(), case.media_type.clone().unwrap_or_default()),
        };
        let mut alt = op.clone();
        alt.fn_name = fn_names.claim(&format!("{}_{suffix}", op.fn_name));
        alt.docs.notes.push(format!(
            "The `{media}` answer of `{}`, which asks for JSON.",
            op.fn_name
        ));
        alt.response = ResponseShape::Single(case.clone());
        alt.accept = accept(&alt.response);
        out.push(alt);
    }
    let others: Vec<String> = out.iter().map(|a| format!("`{}`", a.fn_name)).collect();
    main.docs
        .notes
        .push(format!("Asks for JSON; the other media types: {}.", others.join(", ")));
    out.insert(0, main);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(status: Option<u16>, media: &str, body: ResponseBody) -> SuccessCase {
        SuccessCase {
            name: String::new(),
            status,
            media_type: Some(media.to_string()),
            body,
            docs: Docs::default(),
        }
    }

    #[test]
    fn ranges_go_last_and_several_media_types_are_checked() {
        let cases = [
            case(None, "application/json", ResponseBody::Json(Ty::Json)),
            case(Some(200), "application/json", ResponseBody::Json(Ty::Json)),
            case(Some(200), "text/plain", ResponseBody::Text),
            case(
                Some(201),
                "image/png",
                ResponseBody::Binary {
                    media_types: vec!["image/png".into()],
                },
            ),
        ];
        let arms = arms(&cases);
        let order: Vec<Option<u16>> = arms.iter().map(|a| a.status).collect();
        assert_eq!(order, [Some(200), Some(201), None]);
        assert_eq!(
            arms[0].cases,
            [
                (1, MediaCheck::Json),
                (2, MediaCheck::Exactly(vec!["text/plain".into()]))
            ]
        );
        assert_eq!(arms[0].expected.as_deref(), Some("application/json, text/plain"));
        assert_eq!(arms[1].cases, [(3, MediaCheck::Any)]);
        assert_eq!(arms[1].expected, None);
        let shape = ResponseShape::Many {
            enum_name: String::new(),
            cases: cases.to_vec(),
            arms,
        };
        assert_eq!(accept(&shape), "application/json, text/plain, image/png");
    }

    #[test]
    fn two_json_types_of_one_status_match_exactly() {
        let cases = [
            case(Some(200), "application/json", ResponseBody::Json(Ty::Json)),
            case(Some(200), "application/problem+json", ResponseBody::Json(Ty::String)),
        ];
        let arms = arms(&cases);
        assert_eq!(
            arms[0].cases[1],
            (1, MediaCheck::Exactly(vec!["application/problem+json".into()]))
        );
    }
}
