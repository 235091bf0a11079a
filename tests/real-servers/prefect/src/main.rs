//! A workflow against a real Prefect server (`prefect server start`, SQLite
//! storage) through the client `oagen` generated from the OpenAPI 3.1
//! document the server serves (FastAPI). Run by `cargo xtask real-servers`;
//! every step asserts the decoded values and prints one JSON line.

#![deny(warnings)]

#[path = "../../harness.rs"]
mod harness;

use harness::{needs, Steps};
use prefect_client::types::{self, VariableValue};
use prefect_client::{Client, Error};
use std::collections::BTreeMap;

/// Prefix of every name this workflow creates.
const PREFIX: &str = "oagen_var_";

/// The values of the five variables: one per JSON type the schema's `anyOf` lists.
fn values() -> Vec<VariableValue> {
    let map: BTreeMap<String, serde_json::Value> = [("k".to_string(), serde_json::json!("v"))].into();
    vec![
        VariableValue::String("hello".into()),
        VariableValue::Integer(42),
        VariableValue::Boolean(true),
        VariableValue::Number(2.5),
        VariableValue::Map(map),
    ]
}

/// A date-time of a nullable `anyOf [date-time, null]` property.
fn date_time(value: &Option<String>) -> Option<&str> {
    value.as_deref()
}

/// A variable filter on names that start with `prefix` (SQL `LIKE`).
fn name_like(prefix: &str) -> types::VariableFilter {
    let like = types::VariableFilterName::new().with_like(prefix.into());
    types::VariableFilter::new().with_name(like)
}

/// A variable filter on a tag.
fn tagged(tag: &str) -> types::VariableFilter {
    let tags = types::VariableFilterTags::new().with_all(vec![tag.into()]);
    types::VariableFilter::new().with_tags(tags)
}

fn read_body(filter: types::VariableFilter) -> types::BodyReadVariablesVariablesFilterPost {
    types::BodyReadVariablesVariablesFilterPost::new().with_variables(filter)
}

fn count_body(filter: types::VariableFilter) -> types::BodyCountVariablesVariablesCountPost {
    types::BodyCountVariablesVariablesCountPost::new().with_variables(filter)
}

/// A flow filter on names that start with `prefix`.
fn flow_name_like(prefix: &str) -> types::FlowFilter {
    let like = types::FlowFilterName::new().with_like(prefix.into());
    types::FlowFilter::new().with_name(like)
}

/// An API error's status, typed body and excerpt, or a description of what came instead.
fn api_error<T: std::fmt::Debug>(
    result: Result<T, Error>,
) -> Result<(u16, Option<types::HttpValidationError>, String), String> {
    match result {
        Err(Error::Api {
            status, body, excerpt, ..
        }) => Ok((status, body.map(|b| *b), excerpt)),
        Err(other) => Err(format!("expected an API error, got: {other}")),
        Ok(value) => Err(format!("expected an API error, got a success: {value:?}")),
    }
}

fn e(err: Error) -> String {
    err.to_string()
}

fn names(variables: &[types::Variable]) -> Vec<&str> {
    variables.iter().map(|v| v.name.as_str()).collect()
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let client = match Client::builder()
        .base_url(harness::base_url())
        .timeout(std::time::Duration::from_secs(20))
        .build()
    {
        Ok(client) => client,
        Err(err) => {
            eprintln!("cannot build the client: {err}");
            return std::process::ExitCode::from(2);
        }
    };
    let c = &client;
    let mut steps = Steps::default();
    let ids = create_and_read(c, &mut steps).await;
    filters(c, &mut steps).await;
    updates_and_deletes(c, &mut steps, &ids).await;
    flows(c, &mut steps).await;
    steps.exit_code()
}

/// Health, and five variables created and read back; their ids.
async fn create_and_read(c: &Client, steps: &mut Steps) -> Vec<Option<String>> {
    steps
        .run(
            "health and version",
            &["health_check_health_get", "server_version_version_get"],
            async {
                ensure!(c.health_check_health_get().await.map_err(e)?, "health is false");
                let version = c.server_version_version_get().await.map_err(e)?;
                // `/version` is the API's version (0.8.x), not the package's.
                let parts: Vec<&str> = version.split('.').collect();
                ensure!(
                    parts.len() == 3 && parts.iter().all(|p| p.parse::<u32>().is_ok()),
                    "version `{version}`"
                );
                Ok(format!("healthy, API version {version}"))
            },
        )
        .await;

    let mut ids: Vec<Option<String>> = vec![None; 5];
    steps
        .run(
            "create variables of five JSON types",
            &["create_variable_variables__post"],
            async {
                for (i, value) in values().into_iter().enumerate() {
                    let parity = if i % 2 == 0 { "odd" } else { "even" };
                    let body = types::VariableCreate::new(format!("{PREFIX}{}", i + 1), Some(value.clone()))
                        .with_tags(vec!["oagen".into(), parity.into()]);
                    let created = c.create_variable_variables_post(None, &body).await.map_err(e)?;
                    ensure!(created.name == body.name, "name `{}`", created.name);
                    ensure!(
                        created.value.as_ref() == Some(&value),
                        "{}: value decoded as {:?}",
                        body.name,
                        created.value
                    );
                    ensure!(
                        created.tags.as_deref() == Some(&["oagen".to_string(), parity.to_string()][..]),
                        "tags {:?}",
                        created.tags
                    );
                    ensure!(
                        date_time(&created.created).is_some_and(|t| t.len() >= 19 && t.as_bytes()[10] == b'T'),
                        "created {:?}",
                        created.created
                    );
                    ids[i] = Some(created.id);
                }
                Ok("string, integer, boolean, number and object values decoded to their variants".into())
            },
        )
        .await;

    steps
        .run(
            "read a variable by id and by name",
            &[
                "read_variable_variables__id__get",
                "read_variable_by_name_variables_name__name__get",
            ],
            async {
                let id = needs(&ids[3], "variable 4")?;
                let by_id = c.read_variable_variables_id_get(&id, None).await.map_err(e)?;
                ensure!(by_id.name == format!("{PREFIX}4"), "name `{}`", by_id.name);
                ensure!(
                    by_id.value == Some(VariableValue::Number(2.5)),
                    "value {:?}",
                    by_id.value
                );
                let by_name = c
                    .read_variable_by_name_variables_name_name_get(&format!("{PREFIX}4"), None)
                    .await
                    .map_err(e)?;
                ensure!(by_name == by_id, "by name {by_name:?} differs from by id {by_id:?}");
                Ok(format!("{PREFIX}4 = 2.5 ({id})"))
            },
        )
        .await;
    ids
}

/// Variables filtered by name and tag, sorted, paged, counted.
async fn filters(c: &Client, steps: &mut Steps) {
    steps
        .run(
            "filter by name, sorted, three pages",
            &["read_variables_variables_filter_post"],
            async {
                let mut pages = Vec::new();
                for offset in [0, 2, 4] {
                    let body = read_body(name_like(&format!("{PREFIX}%")))
                        .with_sort(types::VariableSort::NameAsc)
                        .with_limit(2)
                        .with_offset(offset);
                    let page = c
                        .read_variables_variables_filter_post(None, Some(&body))
                        .await
                        .map_err(e)?;
                    pages.push(
                        names(&page)
                            .iter()
                            .map(|n| n.trim_start_matches(PREFIX).to_string())
                            .collect::<Vec<_>>(),
                    );
                }
                ensure!(pages == [vec!["1", "2"], vec!["3", "4"], vec!["5"]], "pages {pages:?}");
                let desc = read_body(name_like(&format!("{PREFIX}%"))).with_sort(types::VariableSort::NameDesc);
                let all = c
                    .read_variables_variables_filter_post(None, Some(&desc))
                    .await
                    .map_err(e)?;
                ensure!(
                    all.first().is_some_and(|v| v.name == format!("{PREFIX}5")),
                    "descending {:?}",
                    names(&all)
                );
                Ok("pages [1, 2] [3, 4] [5]; descending starts at 5".into())
            },
        )
        .await;

    steps
        .run(
            "filter and count by tag",
            &[
                "read_variables_variables_filter_post",
                "count_variables_variables_count_post",
            ],
            async {
                let body = read_body(tagged("even")).with_sort(types::VariableSort::NameAsc);
                let even = c
                    .read_variables_variables_filter_post(None, Some(&body))
                    .await
                    .map_err(e)?;
                let expected = [format!("{PREFIX}2"), format!("{PREFIX}4")];
                ensure!(names(&even) == expected, "tagged even: {:?}", names(&even));
                let count = c
                    .count_variables_variables_count_post(None, Some(&count_body(tagged("even"))))
                    .await
                    .map_err(e)?;
                ensure!(count == 2, "count of even = {count}");
                let all = c
                    .count_variables_variables_count_post(None, Some(&count_body(tagged("oagen"))))
                    .await
                    .map_err(e)?;
                ensure!(all == 5, "count of all = {all}");
                Ok("even: 2, 4; counts 2 and 5".into())
            },
        )
        .await;
}

/// Variables updated by id and by name, a typed 422, deletes and a 404.
async fn updates_and_deletes(c: &Client, steps: &mut Steps, ids: &[Option<String>]) {
    steps
        .run(
            "update value and tags by id",
            &[
                "update_variable_variables__id__patch",
                "read_variable_variables__id__get",
            ],
            async {
                let id = needs(&ids[0], "variable 1")?;
                let array = VariableValue::Array(vec![serde_json::json!(1), serde_json::json!("two")]);
                let body = types::VariableUpdate::new()
                    .with_value(Some(array.clone()))
                    .with_tags(Some(vec!["oagen".into(), "updated".into()]));
                c.update_variable_variables_id_patch(&id, None, &body)
                    .await
                    .map_err(e)?;
                let got = c.read_variable_variables_id_get(&id, None).await.map_err(e)?;
                ensure!(got.value == Some(array), "value {:?}", got.value);
                ensure!(
                    got.tags.as_deref() == Some(&["oagen".to_string(), "updated".to_string()][..]),
                    "tags {:?}",
                    got.tags
                );
                let (created, updated) = (date_time(&got.created), date_time(&got.updated));
                ensure!(
                    created.is_some() && updated >= created,
                    "created {created:?}, updated {updated:?}"
                );
                Ok("value [1, \"two\"], tags oagen, updated".into())
            },
        )
        .await;

    steps
        .run(
            "update by name",
            &[
                "update_variable_by_name_variables_name__name__patch",
                "read_variable_by_name_variables_name__name__get",
            ],
            async {
                let name = format!("{PREFIX}2");
                let body = types::VariableUpdate::new().with_value(Some(VariableValue::Integer(43)));
                c.update_variable_by_name_variables_name_name_patch(&name, None, &body)
                    .await
                    .map_err(e)?;
                let got = c
                    .read_variable_by_name_variables_name_name_get(&name, None)
                    .await
                    .map_err(e)?;
                ensure!(got.value == Some(VariableValue::Integer(43)), "value {:?}", got.value);
                Ok(format!("{name} = 43"))
            },
        )
        .await;

    steps
        .run(
            "typed 422: a name over 255 characters",
            &["create_variable_variables__post"],
            async {
                let body = types::VariableCreate::new("x".repeat(300), Some(VariableValue::Boolean(false)));
                let (status, body, excerpt) = api_error(c.create_variable_variables_post(None, &body).await)?;
                ensure!(status == 422, "status {status}: {excerpt}");
                let body = body.ok_or_else(|| format!("the 422 body did not decode: {excerpt}"))?;
                // Prefect answers its own shape (`exception_message`, `exception_detail`), not the
                // document's `HTTPValidationError` (`detail`); every property of that schema is
                // optional, so the body decodes with `detail` absent and the rest kept as extra
                // properties, whose entries are the document's `ValidationError`s.
                ensure!(body.detail.is_none(), "detail {:?}", body.detail);
                let entries = body
                    .additional_properties
                    .get("exception_detail")
                    .ok_or_else(|| format!("no exception_detail in {:?}", body.additional_properties))?;
                let detail: Vec<types::ValidationError> =
                    entries.parse().map_err(|err| format!("exception_detail: {err}"))?;
                let first = detail.first().ok_or("no detail")?;
                let loc = &first.loc;
                ensure!(
                    loc == &[
                        types::ValidationErrorLocItem::String("body".into()),
                        types::ValidationErrorLocItem::String("name".into())
                    ],
                    "loc {loc:?}"
                );
                ensure!(first.type_.ends_with("too_long"), "type `{}`", first.type_);
                ensure!(first.msg.contains("255"), "msg `{}`", first.msg);
                Ok(format!("422 at {loc:?}: {}", first.msg))
            },
        )
        .await;

    steps
        .run(
            "delete by id and by name; 404 after",
            &[
                "delete_variable_variables__id__delete",
                "delete_variable_by_name_variables_name__name__delete",
                "read_variable_variables__id__get",
                "count_variables_variables_count_post",
            ],
            async {
                let id = needs(&ids[4], "variable 5")?;
                c.delete_variable_variables_id_delete(&id, None).await.map_err(e)?;
                c.delete_variable_by_name_variables_name_name_delete(&format!("{PREFIX}3"), None)
                    .await
                    .map_err(e)?;
                // FastAPI's 404 body is `{"detail": "..."}`, which the document does not describe
                // (its only error schema is the 422's): the status and the excerpt tell.
                let (status, body, excerpt) = api_error(c.read_variable_variables_id_get(&id, None).await)?;
                ensure!(status == 404, "status {status}");
                ensure!(body.is_none(), "a 404 body decoded as a validation error: {body:?}");
                ensure!(excerpt.contains("not found"), "excerpt `{excerpt}`");
                let left = c
                    .count_variables_variables_count_post(None, Some(&count_body(tagged("oagen"))))
                    .await
                    .map_err(e)?;
                ensure!(left == 3, "{left} left");
                Ok(format!("404 {excerpt}; 3 left"))
            },
        )
        .await;
}

/// Flows: create with labels, read, update, filter, count, paginate, delete.
async fn flows(c: &Client, steps: &mut Steps) {
    let mut flow_id = None;
    steps
        .run("create a flow with labels", &["create_flow_flows__post"], async {
            let labels: BTreeMap<String, types::DeploymentCreateLabelsValue> = [
                (
                    "team".to_string(),
                    types::DeploymentCreateLabelsValue::String("oagen".into()),
                ),
                ("tier".to_string(), types::DeploymentCreateLabelsValue::Integer(2)),
            ]
            .into();
            let body = types::FlowCreate::new("oagen-flow-a".into())
                .with_tags(vec!["etl".into()])
                .with_labels(labels.clone());
            let flow = c.create_flow_flows_post(None, &body).await.map_err(e)?;
            ensure!(flow.name == "oagen-flow-a", "name `{}`", flow.name);
            match &flow.labels {
                Some(got) => {
                    ensure!(got.len() == labels.len(), "labels {got:?}");
                    for (key, value) in &labels {
                        ensure!(got.get(key) == Some(value), "label {key}: {:?}", got.get(key));
                    }
                }
                other => return Err(format!("labels {other:?}")),
            }
            c.create_flow_flows_post(None, &types::FlowCreate::new("oagen-flow-b".into()))
                .await
                .map_err(e)?;
            flow_id = Some(flow.id.clone());
            Ok(format!("flow {}, labels team = \"oagen\", tier = 2", flow.id))
        })
        .await;

    steps
        .run(
            "read a flow, update its tags",
            &[
                "read_flow_flows__id__get",
                "read_flow_by_name_flows_name__name__get",
                "update_flow_flows__id__patch",
            ],
            async {
                let id = needs(&flow_id, "flow a")?;
                let body = types::FlowUpdate::new().with_tags(vec!["etl".into(), "nightly".into()]);
                c.update_flow_flows_id_patch(&id, None, &body).await.map_err(e)?;
                let got = c.read_flow_flows_id_get(&id, None).await.map_err(e)?;
                ensure!(
                    got.tags.as_deref() == Some(&["etl".to_string(), "nightly".to_string()][..]),
                    "tags {:?}",
                    got.tags
                );
                let by_name = c
                    .read_flow_by_name_flows_name_name_get("oagen-flow-a", None)
                    .await
                    .map_err(e)?;
                ensure!(by_name.id == id, "by name: {}", by_name.id);
                Ok("tags etl, nightly".into())
            },
        )
        .await;

    steps
        .run(
            "filter, count and paginate flows",
            &[
                "read_flows_flows_filter_post",
                "count_flows_flows_count_post",
                "paginate_flows_flows_paginate_post",
            ],
            async {
                let body = types::BodyReadFlowsFlowsFilterPost::new()
                    .with_flows(flow_name_like("oagen-flow-%"))
                    .with_sort(types::FlowSort::NameDesc);
                let flows = c.read_flows_flows_filter_post(None, Some(&body)).await.map_err(e)?;
                let names: Vec<&str> = flows.iter().map(|f| f.name.as_str()).collect();
                ensure!(names == ["oagen-flow-b", "oagen-flow-a"], "flows {names:?}");
                let count = types::BodyCountFlowsFlowsCountPost::new().with_flows(flow_name_like("oagen-flow-%"));
                let n = c.count_flows_flows_count_post(None, Some(&count)).await.map_err(e)?;
                ensure!(n == 2, "count {n}");
                let page = types::BodyPaginateFlowsFlowsPaginatePost::new()
                    .with_limit(1)
                    .with_page(2)
                    .with_sort(types::FlowSort::NameAsc);
                let page = c
                    .paginate_flows_flows_paginate_post(None, Some(&page))
                    .await
                    .map_err(e)?;
                ensure!(page.count == 2 && page.pages == 2 && page.page == 2, "page {page:?}");
                ensure!(
                    page.results.len() == 1 && page.results[0].name == "oagen-flow-b",
                    "page 2 holds {:?}",
                    page.results.iter().map(|f| &f.name).collect::<Vec<_>>()
                );
                Ok("filter [b, a], count 2, page 2 of 2 = [b]".into())
            },
        )
        .await;

    steps
        .run(
            "delete a flow; 404 after",
            &["delete_flow_flows__id__delete", "read_flow_flows__id__get"],
            async {
                let id = needs(&flow_id, "flow a")?;
                c.delete_flow_flows_id_delete(&id, None).await.map_err(e)?;
                let (status, body, excerpt) = api_error(c.read_flow_flows_id_get(&id, None).await)?;
                ensure!(status == 404 && body.is_none(), "status {status}, body {body:?}");
                Ok(format!("404 {excerpt}"))
            },
        )
        .await;
}
