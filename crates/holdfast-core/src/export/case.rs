//! `case.jsonld`: the bundle's evidence as a CASE/UCO 1.5 graph, the format forensic tools
//! exchange. It passes `case_validate` (PyPI `case-utils`) with no violation, warning or note.
//!
//! The export is a `case-investigation:InvestigativeAction` by the person (who holds the Victim
//! role), with Holdfast as its instrument; its results are the exhibit files and one
//! `ProvenanceRecord` per exhibit holding the exhibit reference. Offender accounts are
//! `ApplicationAccount`s (handle in `accountLogin`, user id in `accountIdentifier`). CASE has no
//! notion of money, so a demand or payment is a `uco-action:Action` whose amount, currency,
//! method and destination are `ActionArgumentFacet`s. Node ids are `kb:<kind>-<uuid>`, the UUID
//! derived from the signing key id, the creation time and the node's place in the graph, so the
//! same bundle always gets the same graph.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::{Case, SOFTWARE};
use crate::vault::model::ItemKind;
use crate::vault::Item;

struct Ids {
    seed: String,
}

impl Ids {
    /// `kb:<kind>-<uuid>`: a name-based UUID (SHA-256 of seed and name, version nibble 5).
    fn id(&self, kind: &str, name: &str) -> String {
        let digest = Sha256::digest(format!("{}\u{0}{kind}\u{0}{name}", self.seed).as_bytes());
        let mut b: [u8; 16] = digest[..16].try_into().unwrap_or([0; 16]);
        b[6] = (b[6] & 0x0f) | 0x50;
        b[8] = (b[8] & 0x3f) | 0x80;
        let h = hex::encode(b);
        format!("kb:{kind}-{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
    }

    fn reference(&self, kind: &str, name: &str) -> Value {
        json!({ "@id": self.id(kind, name) })
    }
}

fn time(utc: &str) -> Value {
    json!({ "@type": "xsd:dateTime", "@value": utc })
}

fn context() -> Value {
    json!({
        "kb": "urn:holdfast:kb:",
        "case-investigation": "https://ontology.caseontology.org/case/investigation/",
        "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
        "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
        "uco-identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
        "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
        "uco-tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
        "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
        "uco-victim": "https://ontology.unifiedcyberontology.org/uco/victim/",
        "xsd": "http://www.w3.org/2001/XMLSchema#"
    })
}

/// The whole graph.
pub fn graph(case: &Case<'_>, items: &[Item]) -> Value {
    let ids = Ids { seed: format!("{}\u{0}{}", case.key_id, case.created) };
    let mut g: Vec<Value> = Vec::new();
    let person = ids.reference("person", "victim");
    let tool = ids.reference("tool", "holdfast");
    let export = ids.id("export-action", "export");

    g.push(json!({
        "@id": ids.id("investigation", "bundle"),
        "@type": "case-investigation:Investigation",
        "uco-core:name": "Evidence bundle exported by the person it happened to, with Holdfast",
        "case-investigation:focus": ["online blackmail (sextortion)"],
        "uco-core:object": [{ "@id": export }],
    }));
    g.push(json!({ "@id": person["@id"], "@type": "uco-identity:Person", "uco-core:description": "The person reporting, who made this bundle." }));
    g.push(json!({ "@id": ids.id("victim-role", "victim"), "@type": "uco-victim:Victim" }));
    g.push(json!({
        "@id": ids.id("relationship", "victim-role"),
        "@type": "uco-core:Relationship",
        "uco-core:source": [person],
        "uco-core:target": ids.reference("victim-role", "victim"),
        "uco-core:kindOfRelationship": "Has_Role",
        "uco-core:isDirectional": true,
    }));
    let version = SOFTWARE.rsplit(' ').next().unwrap_or_default();
    g.push(json!({ "@id": tool["@id"], "@type": "uco-tool:Tool", "uco-core:name": "Holdfast", "uco-tool:version": version }));

    let mut results = Vec::new();
    for (exhibit, item) in case.exhibits.iter().zip(items) {
        let n = exhibit.reference.as_str();
        let file_name = exhibit.file.rsplit('/').next().unwrap_or(&exhibit.file);
        let extension = file_name.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
        let mut file_facet = json!({
            "@id": ids.id("file-facet", n),
            "@type": "uco-observable:FileFacet",
            "uco-observable:fileName": file_name,
            "uco-observable:extension": extension,
            "uco-observable:sizeInBytes": item.size,
        });
        if matches!(item.kind, ItemKind::Screenshot | ItemKind::File) {
            file_facet["uco-observable:observableCreatedTime"] = time(&item.captured_at);
        }
        let mut description = format!("Exhibit {n}: {}", item.kind.as_str());
        if let Some(note) = &item.note {
            description.push_str(&format!(" ({note})"));
        }
        g.push(json!({
            "@id": ids.id("exhibit", n),
            "@type": "uco-observable:File",
            "uco-core:description": description,
            "uco-core:hasFacet": [
                file_facet,
                {
                    "@id": ids.id("content-facet", n),
                    "@type": "uco-observable:ContentDataFacet",
                    // What the bytes show, not what the sender's file name claimed.
                    "uco-observable:mimeType": exhibit.content_type,
                    "uco-observable:sizeInBytes": item.size,
                    "uco-observable:hash": [{
                        "@id": ids.id("hash", n),
                        "@type": "uco-types:Hash",
                        "uco-types:hashMethod": "SHA256",
                        "uco-types:hashValue": { "@type": "xsd:hexBinary", "@value": item.sha256 },
                    }],
                },
            ],
        }));
        g.push(json!({
            "@id": ids.id("provenance-record", n),
            "@type": "case-investigation:ProvenanceRecord",
            "case-investigation:exhibitNumber": n,
            "uco-core:object": [ids.reference("exhibit", n)],
        }));
        results.push(ids.reference("exhibit", n));
        results.push(ids.reference("provenance-record", n));
        for account in &item.accounts {
            let kind = if item.kind == ItemKind::Message { "Sent_By" } else { "Related_To" };
            g.push(json!({
                "@id": ids.id("relationship", &format!("{n}-account-{account}")),
                "@type": "uco-observable:ObservableRelationship",
                "uco-core:source": [ids.reference("exhibit", n)],
                "uco-core:target": ids.reference("account", &account.to_string()),
                "uco-core:kindOfRelationship": kind,
                "uco-core:isDirectional": true,
            }));
        }
    }
    g.push(json!({
        "@id": export,
        "@type": "case-investigation:InvestigativeAction",
        "uco-core:name": "export",
        "uco-core:description": "Evidence exported from the person's encrypted Holdfast vault into this bundle.",
        "uco-action:startTime": time(&case.created),
        "uco-action:performer": person,
        "uco-action:instrument": [tool],
        "uco-action:result": results,
    }));

    let mut platforms: Vec<&str> = case.accounts.iter().map(|a| a.platform.as_str()).collect();
    platforms.sort_unstable();
    platforms.dedup();
    for platform in &platforms {
        g.push(json!({ "@id": ids.id("application", platform), "@type": "uco-observable:Application", "uco-core:name": platform }));
    }
    for a in &case.accounts {
        let key = a.id.to_string();
        let app = ids.reference("application", &a.platform);
        let mut account = json!({ "@id": ids.id("account-facet", &key), "@type": "uco-observable:AccountFacet", "uco-observable:accountIssuer": app });
        if let Some(user_id) = &a.user_id {
            account["uco-observable:accountIdentifier"] = json!(user_id);
        }
        let mut digital = json!({ "@id": ids.id("digital-account-facet", &key), "@type": "uco-observable:DigitalAccountFacet", "uco-observable:accountLogin": a.handle });
        if let Some(name) = &a.display_name {
            digital["uco-observable:displayName"] = json!(name);
        }
        let application = json!({ "@id": ids.id("application-account-facet", &key), "@type": "uco-observable:ApplicationAccountFacet", "uco-observable:application": app });
        g.push(json!({
            "@id": ids.id("account", &key),
            "@type": "uco-observable:ApplicationAccount",
            "uco-core:description": format!("The account {} on {}", a.handle, a.platform),
            "uco-core:hasFacet": [account, digital, application],
        }));
        if let Some(url) = &a.url {
            g.push(json!({
                "@id": ids.id("url", &key),
                "@type": "uco-observable:URL",
                "uco-core:hasFacet": [{ "@id": ids.id("url-facet", &key), "@type": "uco-observable:URLFacet", "uco-observable:fullValue": url }],
            }));
            g.push(json!({
                "@id": ids.id("profile", &key),
                "@type": "uco-observable:Profile",
                "uco-core:hasFacet": [{
                    "@id": ids.id("profile-facet", &key),
                    "@type": "uco-observable:ProfileFacet",
                    "uco-observable:profileAccount": ids.reference("account", &key),
                    "uco-observable:profileWebsite": ids.reference("url", &key),
                    "uco-observable:profileService": app,
                }],
            }));
        }
    }

    for p in &case.payments {
        let key = p.id.to_string();
        let argument = |name: &str, value: &str| {
            json!({
                "@id": ids.id("argument", &format!("{key}-{name}")),
                "@type": "uco-action:ActionArgumentFacet",
                "uco-action:argumentName": name,
                "uco-action:value": value,
            })
        };
        g.push(json!({
            "@id": ids.id("payment-account", &key),
            "@type": "uco-observable:Account",
            "uco-core:description": format!("Where the money was to go ({})", p.method.as_str()),
            "uco-core:hasFacet": [{ "@id": ids.id("payment-account-facet", &key), "@type": "uco-observable:AccountFacet", "uco-observable:accountIdentifier": p.destination }],
        }));
        let what = if p.kind == "demand" { "Payment demanded" } else { "Payment made" };
        let mut action = json!({
            "@id": ids.id("payment", &key),
            "@type": "uco-action:Action",
            "uco-core:name": p.kind,
            "uco-core:description": format!("{what}: {} {} by {} to {}", p.money.amount, p.money.currency, p.method.as_str(), p.destination),
            "uco-action:object": [ids.reference("payment-account", &key)],
            "uco-core:hasFacet": [
                argument("amount", &p.money.amount),
                argument("currency", &p.money.currency),
                argument("method", p.method.as_str()),
                argument("paid", if p.paid { "yes" } else { "no" }),
            ],
        });
        // A demand is made by their account; a payment is made by the person.
        match (p.kind.as_str(), p.account) {
            ("demand", Some(account)) => {
                action["uco-action:performer"] = ids.reference("account", &account.to_string())
            }
            ("demand", None) => {}
            _ => action["uco-action:performer"] = person.clone(),
        }
        if let Some(h) = &p.happened {
            action["uco-action:startTime"] = time(&h.utc);
        }
        g.push(action);
    }
    json!({ "@context": context(), "@graph": g })
}
