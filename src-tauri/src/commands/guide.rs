//! Commands for the guide: the first screen's data, one page, the country and age it is routed
//! for, the checklist and the report summary.

use holdfast_core::guide::Age;
use holdfast_core::settings::AUTO_LOCK_CHOICES;
use holdfast_core::vault::model::PaymentMethod;
use holdfast_core::vault::{ReportSummary, FILTER_KINDS};
use tauri::State;

use crate::ipc::{self, IpcError};
use crate::state::AppState;

/// Everything the window needs to start.
#[tauri::command(rename_all = "snake_case")]
pub fn guide_start(state: State<'_, AppState>) -> Result<ipc::Start, IpcError> {
    let settings = state.settings()?;
    let content = &state.content;
    let countries = content
        .help
        .countries
        .iter()
        .map(|c| ipc::CountryChoice { code: c.code.clone(), name: c.name.clone() })
        .collect();
    Ok(ipc::Start {
        locale: content.catalogue.language.clone(),
        messages: content.catalogue.messages.clone(),
        countries,
        age: settings.age,
        discreet: settings.discreet,
        auto_lock_minutes: settings.auto_lock_minutes,
        auto_lock_seconds: crate::state::auto_lock_seconds(settings.auto_lock_minutes),
        auto_lock_choices: AUTO_LOCK_CHOICES,
        kinds: FILTER_KINDS,
        methods: PaymentMethod::ALL.iter().map(|(_, name)| *name).collect(),
        help: state.help(&settings)?,
        pages: content.advice.menu(),
    })
}

/// One guide page, routed for the remembered country and age.
#[tauri::command(rename_all = "snake_case")]
pub fn guide_page(state: State<'_, AppState>, id: String) -> Result<ipc::GuidePage, IpcError> {
    let settings = state.settings()?;
    let today = state.today();
    let content = &state.content;
    let page = content.advice.view(&content.help, &id, &settings.country, settings.age, today)?;
    let service = |id: &String| content.help.service(id).cloned().map(|s| ipc::Service::new(s, today));
    let services = page.services.iter().filter_map(service).collect();
    let help = content.help.for_country(&settings.country)?;
    Ok(ipc::GuidePage { page, services, emergency: ipc::Service::new(help.emergency, today) })
}

/// Remembers a new country and returns its help.
#[tauri::command(rename_all = "snake_case")]
pub fn choose_country(state: State<'_, AppState>, code: String) -> Result<ipc::CountryHelp, IpcError> {
    state.content.help.for_country(&code)?;
    let settings = state.change_settings(|s| s.country = code)?;
    state.help(&settings)
}

/// Remembers the age the person gave and returns the help routed for it.
#[tauri::command(rename_all = "snake_case")]
pub fn choose_age(state: State<'_, AppState>, age: Age) -> Result<ipc::CountryHelp, IpcError> {
    let settings = state.change_settings(|s| s.age = age)?;
    state.help(&settings)
}

/// The guide's checklist, ticking `change` first when given: in the unlocked vault (where ticks
/// made before unlocking are moved), else in memory until Holdfast closes.
fn checklist_with(state: &AppState, change: Option<(&str, bool)>) -> Result<ipc::Checklist, IpcError> {
    let (ticked, kept) = state.session.checklist(&state.content.advice.checklist_ids(), change)?;
    Ok(ipc::Checklist::new(ticked, kept))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn checklist(state: State<'_, AppState>) -> Result<ipc::Checklist, IpcError> {
    checklist_with(&state, None)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn tick(state: State<'_, AppState>, id: String, ticked: bool) -> Result<ipc::Checklist, IpcError> {
    checklist_with(&state, Some((&id, ticked)))
}

/// "My report summary", from the unlocked vault.
#[tauri::command(rename_all = "snake_case")]
pub async fn report_summary(state: State<'_, AppState>) -> Result<ReportSummary, IpcError> {
    state.with_vault(|v| v.report_summary())
}
