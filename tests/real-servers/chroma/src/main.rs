//! A workflow against a real Chroma server (`chroma run`, SQLite storage)
//! through the client `oagen` generated from the OpenAPI 3.1 document the
//! server serves. Run by `cargo xtask real-servers`; every step asserts the
//! decoded values and prints one JSON line.

#![deny(warnings)]

#[path = "../../harness.rs"]
mod harness;

use chroma_client::types::{self, HashMapTypeValue};
use chroma_client::{Client, Error};
use harness::{needs, Steps};

const TENANT: &str = "default_tenant";
const DATABASE: &str = "oagen_workflow";

/// Metadata for a request: a map of the given entries (the document's `HashMap` schema,
/// whose nullable uses (`oneOf: [null, HashMap]`) are an `Option` of it).
fn metadata_of(entries: &[(&str, HashMapTypeValue)]) -> types::HashMapType {
    entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

/// The embedding of record `i` (three dimensions, far apart).
fn embedding(i: usize) -> Vec<f64> {
    vec![i as f64 * 10.0, 1.0, -(i as f64)]
}

/// An API error's status and typed body, or a description of what came instead.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> Result<(u16, Option<types::ErrorResponse>), String> {
    match result {
        Err(Error::Api { status, body, .. }) => Ok((status, body.map(|b| *b))),
        Err(other) => Err(format!("expected an API error, got: {other}")),
        Ok(value) => Err(format!("expected an API error, got a success: {value:?}")),
    }
}

fn e(err: Error) -> String {
    err.to_string()
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
    system_and_database(c, &mut steps).await;
    let [alpha, _beta, gamma] = collections(c, &mut steps).await;
    records(c, &mut steps, &alpha).await;
    record_changes(c, &mut steps, &alpha).await;
    errors_and_cleanup(c, &mut steps, &gamma).await;
    steps.exit_code()
}

/// Heartbeat, version, and the database the other steps work in.
async fn system_and_database(c: &Client, steps: &mut Steps) {
    steps
        .run("heartbeat", &["heartbeat"], async {
            let beat = c.heartbeat().await.map_err(e)?;
            ensure!(
                beat.nanosecond_heartbeat > 0,
                "heartbeat {} is not positive",
                beat.nanosecond_heartbeat
            );
            Ok(format!("{} ns", beat.nanosecond_heartbeat))
        })
        .await;

    steps
        .run(
            "version: the server answers JSON where its document says text/plain",
            &["version"],
            async {
                // `/api/v2/version` declares `text/plain`; the server sends the JSON string
                // `"1.0.0"` as `application/json`. The client reports it, naming both.
                match c.version().await {
                    Err(Error::UnexpectedContentType {
                        expected,
                        content_type,
                        excerpt,
                        ..
                    }) => {
                        ensure!(expected.contains("text/plain"), "expected `{expected}`");
                        ensure!(
                            content_type.starts_with("application/json"),
                            "content type `{content_type}`"
                        );
                        ensure!(excerpt.starts_with('"'), "excerpt `{excerpt}`");
                        Ok(format!("expected {expected}, got {content_type}: {excerpt}"))
                    }
                    Err(other) => Err(format!("expected UnexpectedContentType, got: {other}")),
                    Ok(version) => Err(format!("a JSON answer decoded as text: `{version}`")),
                }
            },
        )
        .await;

    steps
        .run(
            "create and get a database",
            &["create_database", "get_database"],
            async {
                c.create_database(TENANT, &types::CreateDatabasePayload::new(DATABASE.into()))
                    .await
                    .map_err(e)?;
                let db = c.get_database(TENANT, DATABASE).await.map_err(e)?;
                ensure!(db.name == DATABASE, "name `{}`", db.name);
                ensure!(db.tenant == TENANT, "tenant `{}`", db.tenant);
                ensure!(
                    db.id.len() == 36 && db.id.matches('-').count() == 4,
                    "id `{}` is not a UUID",
                    db.id
                );
                Ok(format!("database {}", db.id))
            },
        )
        .await;
}

/// Three collections with metadata: create, get, list in pages, rename; their ids.
async fn collections(c: &Client, steps: &mut Steps) -> [Option<String>; 3] {
    let mut ids: Vec<Option<String>> = vec![None; 3];
    let names = ["alpha", "beta", "gamma"];
    steps
        .run(
            "create collections with typed metadata",
            &["create_collection"],
            async {
                for (i, name) in names.iter().enumerate() {
                    let meta = metadata_of(&[
                        ("topic", HashMapTypeValue::String(format!("topic-{name}"))),
                        ("rank", HashMapTypeValue::Integer(i as i64 + 1)),
                        ("weight", HashMapTypeValue::Number(0.5 + i as f64)),
                        ("public", HashMapTypeValue::Boolean(i % 2 == 0)),
                    ]);
                    let body = types::CreateCollectionPayload::new(name.to_string()).with_metadata(meta);
                    let created = c.create_collection(TENANT, DATABASE, &body).await.map_err(e)?;
                    ensure!(created.name == *name, "name `{}`", created.name);
                    ensure!(created.database == DATABASE, "database `{}`", created.database);
                    let meta = created
                        .metadata
                        .as_ref()
                        .ok_or("no metadata map in the created collection")?;
                    ensure!(meta.len() == 4, "{} metadata entries: {meta:?}", meta.len());
                    ensure!(
                        meta.get("rank") == Some(&HashMapTypeValue::Integer(i as i64 + 1)),
                        "rank decoded as {:?}",
                        meta.get("rank")
                    );
                    ensure!(
                        meta.get("weight") == Some(&HashMapTypeValue::Number(0.5 + i as f64)),
                        "weight decoded as {:?}",
                        meta.get("weight")
                    );
                    ensure!(
                        meta.get("public") == Some(&HashMapTypeValue::Boolean(i % 2 == 0)),
                        "public decoded as {:?}",
                        meta.get("public")
                    );
                    ensure!(
                        meta.get("topic") == Some(&HashMapTypeValue::String(format!("topic-{name}"))),
                        "topic decoded as {:?}",
                        meta.get("topic")
                    );
                    ids[i] = Some(created.id.clone());
                }
                Ok("3 collections; integer, number, boolean and string metadata decoded to their variants".into())
            },
        )
        .await;
    let [alpha, beta, gamma] = [ids[0].clone(), ids[1].clone(), ids[2].clone()];

    steps
        .run(
            "get a collection by id and by name",
            &["get_collection_by_id", "get_collection"],
            async {
                let id = needs(&alpha, "collection alpha")?;
                let got = c.get_collection_by_id(TENANT, DATABASE, &id).await.map_err(e)?;
                ensure!(got.id == id && got.name == "alpha", "got {} `{}`", got.id, got.name);
                // `{collection_id}` of this path is the collection's name, whatever its doc says.
                let by_name = c.get_collection(TENANT, DATABASE, "alpha").await.map_err(e)?;
                ensure!(by_name == got, "by name: {by_name:?}");
                ensure!(got.tenant == TENANT, "tenant `{}`", got.tenant);
                ensure!(
                    got.dimension.is_none(),
                    "an empty collection has a dimension: {:?}",
                    got.dimension
                );
                Ok(format!("alpha = {id}"))
            },
        )
        .await;

    steps
        .run(
            "list collections, two pages",
            &["list_collections", "count_collections"],
            async {
                let first = c
                    .list_collections(TENANT, DATABASE, Some(2), Some(0))
                    .await
                    .map_err(e)?;
                let second = c
                    .list_collections(TENANT, DATABASE, Some(2), Some(2))
                    .await
                    .map_err(e)?;
                ensure!(
                    first.len() == 2 && second.len() == 1,
                    "pages of {} and {}",
                    first.len(),
                    second.len()
                );
                let mut seen: Vec<&str> = first.iter().chain(&second).map(|c| c.name.as_str()).collect();
                seen.sort_unstable();
                ensure!(seen == names, "collections {seen:?}");
                let count = c.count_collections(TENANT, DATABASE).await.map_err(e)?;
                ensure!(count == 3, "count_collections = {count}");
                Ok("pages of 2 + 1, count 3".into())
            },
        )
        .await;

    steps
        .run(
            "rename a collection and replace its metadata",
            &["update_collection", "get_collection_by_id"],
            async {
                let id = needs(&beta, "collection beta")?;
                let body = types::UpdateCollectionPayload::new()
                    .with_new_name("beta_renamed".into())
                    .with_new_metadata(metadata_of(&[("rank", HashMapTypeValue::Integer(20))]));
                c.update_collection(TENANT, DATABASE, &id, &body).await.map_err(e)?;
                let got = c.get_collection_by_id(TENANT, DATABASE, &id).await.map_err(e)?;
                ensure!(got.name == "beta_renamed", "name `{}`", got.name);
                let meta = got.metadata.as_ref().ok_or("no metadata after the update")?;
                ensure!(
                    meta.get("rank") == Some(&HashMapTypeValue::Integer(20)),
                    "rank {:?}",
                    meta.get("rank")
                );
                Ok("beta -> beta_renamed, rank 20".into())
            },
        )
        .await;
    [alpha, beta, gamma]
}

/// Records of collection `alpha`: add, filter, page.
async fn records(c: &Client, steps: &mut Steps, alpha: &Option<String>) {
    let colors = ["red", "blue", "red", "green"];
    steps
        .run("add records", &["collection_add", "collection_count"], async {
            let id = needs(alpha, "collection alpha")?;
            let record_ids: Vec<String> = (0..4).map(|i| format!("r{i}")).collect();
            let embeddings = types::EmbeddingsPayload::ArrayArray((0..4).map(embedding).collect());
            let body = types::AddCollectionRecordsPayload::new(embeddings, record_ids)
                .with_documents((0..4).map(|i| Some(format!("document {i}"))).collect())
                .with_metadatas(
                    colors
                        .iter()
                        .enumerate()
                        .map(|(i, color)| {
                            Some(metadata_of(&[
                                ("color", HashMapTypeValue::String(color.to_string())),
                                ("n", HashMapTypeValue::Integer(i as i64)),
                            ]))
                        })
                        .collect(),
                );
            c.collection_add(TENANT, DATABASE, &id, &body).await.map_err(e)?;
            let count = c.collection_count(TENANT, DATABASE, &id, None).await.map_err(e)?;
            ensure!(count == 4, "collection_count = {count}");
            Ok("4 records".into())
        })
        .await;

    steps
        .run("get records filtered by metadata", &["collection_get"], async {
            let id = needs(alpha, "collection alpha")?;
            let body = types::GetRequestPayload::new()
                .with_where(serde_json::json!({ "color": "red" }))
                .with_include(vec![types::Include::Documents, types::Include::Metadatas]);
            let got = c.collection_get(TENANT, DATABASE, &id, &body).await.map_err(e)?;
            let mut ids = got.ids.clone();
            ids.sort_unstable();
            ensure!(ids == ["r0", "r2"], "ids {ids:?}");
            let documents = got.documents.ok_or("no documents")?;
            let metadatas = got.metadatas.ok_or("no metadatas")?;
            ensure!(
                documents.len() == got.ids.len() && metadatas.len() == got.ids.len(),
                "{} documents and {} metadatas for {} ids",
                documents.len(),
                metadatas.len(),
                got.ids.len()
            );
            for ((id, doc), meta) in got.ids.iter().zip(&documents).zip(&metadatas) {
                let n = &id[1..];
                ensure!(
                    doc.as_deref() == Some(&format!("document {n}")[..]),
                    "{id}: document {doc:?}"
                );
                let meta = meta.as_ref().ok_or_else(|| format!("{id}: no metadata"))?;
                ensure!(
                    meta.get("color") == Some(&HashMapTypeValue::String("red".into())),
                    "{id}: color {:?}",
                    meta.get("color")
                );
                ensure!(
                    meta.get("n") == Some(&HashMapTypeValue::Integer(n.parse().unwrap_or(-1))),
                    "{id}: n {:?}",
                    meta.get("n")
                );
            }
            ensure!(
                got.include.contains(&types::Include::Documents),
                "include {:?}",
                got.include
            );
            Ok("where color = red: r0, r2 with their documents and metadata".into())
        })
        .await;

    steps
        .run("get records, two pages", &["collection_get"], async {
            let id = needs(alpha, "collection alpha")?;
            let page = |offset| types::GetRequestPayload::new().with_limit(3).with_offset(offset);
            let first = c.collection_get(TENANT, DATABASE, &id, &page(0)).await.map_err(e)?;
            let second = c.collection_get(TENANT, DATABASE, &id, &page(3)).await.map_err(e)?;
            ensure!(
                first.ids.len() == 3 && second.ids.len() == 1,
                "pages {:?} {:?}",
                first.ids,
                second.ids
            );
            let mut all: Vec<String> = first.ids.into_iter().chain(second.ids).collect();
            all.sort_unstable();
            ensure!(all == ["r0", "r1", "r2", "r3"], "records {all:?}");
            Ok("pages of 3 + 1".into())
        })
        .await;
}

/// Records of collection `alpha`: nearest-neighbour query, update, delete.
async fn record_changes(c: &Client, steps: &mut Steps, alpha: &Option<String>) {
    steps
        .run("query the nearest records", &["collection_query"], async {
            let id = needs(alpha, "collection alpha")?;
            let body = types::QueryRequestPayload::new(vec![embedding(1)])
                .with_n_results(2)
                .with_include(vec![types::Include::Distances, types::Include::Documents]);
            let got = c
                .collection_query(TENANT, DATABASE, &id, None, None, &body)
                .await
                .map_err(e)?;
            let ids = got.ids.first().ok_or("no result list")?;
            ensure!(ids.len() == 2 && ids[0] == "r1", "nearest {ids:?}");
            let distances = got.distances.ok_or("no distances")?;
            let d0 = distances
                .first()
                .and_then(|d| d.first().copied().flatten())
                .ok_or("no first distance")?;
            ensure!(d0.abs() < 1e-6, "distance to itself {d0}");
            let d1 = distances
                .first()
                .and_then(|d| d.get(1).copied().flatten())
                .ok_or("no second distance")?;
            ensure!(d1 > d0, "second distance {d1} is not above {d0}");
            let documents = got.documents.ok_or("no documents")?;
            ensure!(
                documents[0][0].as_deref() == Some("document 1"),
                "nearest document {:?}",
                documents[0][0]
            );
            Ok(format!("nearest {ids:?}, distance {d0}"))
        })
        .await;

    steps
        .run("update a record", &["collection_update", "collection_get"], async {
            let id = needs(alpha, "collection alpha")?;
            let body = types::UpdateCollectionRecordsPayload::new(vec!["r3".into()])
                .with_documents(vec![Some("document 3, revised".into())]);
            c.collection_update(TENANT, DATABASE, &id, &body).await.map_err(e)?;
            let get = types::GetRequestPayload::new()
                .with_ids(vec!["r3".into()])
                .with_include(vec![types::Include::Documents]);
            let got = c.collection_get(TENANT, DATABASE, &id, &get).await.map_err(e)?;
            let documents = got.documents.ok_or("no documents")?;
            ensure!(
                documents == [Some("document 3, revised".to_string())],
                "documents {documents:?}"
            );
            Ok("r3 revised".into())
        })
        .await;

    steps
        .run(
            "delete records by filter",
            &["collection_delete", "collection_count"],
            async {
                let id = needs(alpha, "collection alpha")?;
                let body =
                    types::DeleteCollectionRecordsPayload::new().with_where(serde_json::json!({ "color": "green" }));
                c.collection_delete(TENANT, DATABASE, &id, &body).await.map_err(e)?;
                let count = c.collection_count(TENANT, DATABASE, &id, None).await.map_err(e)?;
                ensure!(count == 3, "collection_count after the delete = {count}");
                Ok("green record gone, 3 left".into())
            },
        )
        .await;
}

/// Typed errors (409, 404, a mis-described answer) and deleting what the workflow made.
async fn errors_and_cleanup(c: &Client, steps: &mut Steps, gamma: &Option<String>) {
    steps
        .run(
            "typed 409: create an existing collection",
            &["create_collection"],
            async {
                let body = types::CreateCollectionPayload::new("alpha".into());
                let (status, body) = api_error(c.create_collection(TENANT, DATABASE, &body).await)?;
                ensure!(status == 409, "status {status}");
                let body = body.ok_or("the 409 body did not decode into ErrorResponse")?;
                ensure!(!body.error.is_empty(), "empty `error`");
                ensure!(body.message.contains("alpha"), "message `{}`", body.message);
                Ok(format!("409 {}: {}", body.error, body.message))
            },
        )
        .await;

    steps
        .run(
            "delete a collection; typed 404 after",
            &["delete_collection", "get_collection"],
            async {
                let id = needs(gamma, "collection gamma")?;
                c.delete_collection(TENANT, DATABASE, "gamma").await.map_err(e)?;
                let (status, body) = api_error(c.get_collection(TENANT, DATABASE, "gamma").await)?;
                ensure!(status == 404, "status {status}");
                let body = body.ok_or("the 404 body did not decode into ErrorResponse")?;
                ensure!(
                    !body.error.is_empty() && !body.message.is_empty(),
                    "empty error body {body:?}"
                );
                let left = c.count_collections(TENANT, DATABASE).await.map_err(e)?;
                ensure!(left == 2, "{left} collections left");
                Ok(format!("gamma ({id}) deleted; 404 {}: {}", body.error, body.message))
            },
        )
        .await;

    steps
        .run(
            "list databases: an answer the document mis-describes is a decode error",
            &["list_databases"],
            async {
                // utoipa names both `Vec<Database>` and `Vec<Collection>` `Vec`; the last one
                // wins, so the document declares a list of collections for this operation.
                match c.list_databases(TENANT, None, None).await {
                    Err(Error::Decode {
                        status: 200,
                        path,
                        message,
                        ..
                    }) => {
                        ensure!(path.starts_with("[0]"), "decode error at `{path}`");
                        Ok(format!("decode error at `{path}`: {message}"))
                    }
                    Err(other) => Err(format!("expected a decode error, got: {other}")),
                    Ok(list) => Err(format!("a list of databases decoded as collections: {list:?}")),
                }
            },
        )
        .await;

    steps
        .run(
            "delete the database; typed 404 after",
            &["delete_database", "get_database"],
            async {
                c.delete_database(TENANT, DATABASE).await.map_err(e)?;
                let (status, body) = api_error(c.get_database(TENANT, DATABASE).await)?;
                ensure!(status == 404, "status {status}");
                let body = body.ok_or("the 404 body did not decode into ErrorResponse")?;
                Ok(format!("404 {}: {}", body.error, body.message))
            },
        )
        .await;
}
