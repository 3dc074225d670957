//! Which handler answers each operation of the route list (`app::api::ops`). The method,
//! path, permission and types of every route are declared there, once; this table only
//! pairs each operation with its handler, and a test proves none is missing.

use crate::{api::Api, audit, auth, channels, cluster, drafts, embed, monitors, openapi, preview, publish, reviews, schedule, teams};

pub fn api() -> Api {
    use drafts::routes as d;
    use monitors::routes as m;
    use teams::routes as t;
    Api::default()
        .op(d::list_drafts)
        .op(d::create_draft)
        .op(d::import_draft)
        .op(publish::check_cluster)
        .op(d::find_draft)
        .op(d::save_draft)
        .op(d::delete_draft)
        .op(d::rename_draft)
        .op(d::duplicate_draft)
        .op(d::list_revisions)
        .op(d::find_revision)
        .op(d::restore_revision)
        .op(d::draft_history)
        .op(d::diff_revisions)
        .op(reviews::routes::request_review)
        .op(d::export_draft)
        .op(publish::publish_draft)
        .op(d::create_team_template)
        .op(d::delete_team_template)
        .op(schedule::list_templates)
        .op(schedule::preview_schedule)
        .op(schedule::list_timezones)
        .op(cluster::routes::cluster_status)
        .op(cluster::routes::suggest_indices)
        .op(cluster::routes::list_fields)
        .op(preview::run_preview)
        .op(preview::run_chart)
        .op(preview::backtest::run_backtest)
        .op(preview::send_test_message)
        .op(channels::routes::list_channels)
        .op(channels::routes::create_channel)
        .op(channels::routes::find_channel)
        .op(channels::routes::update_channel)
        .op(channels::routes::delete_channel)
        .op(channels::routes::test_channel)
        .op(m::list_monitors)
        .op(m::bulk)
        .op(m::find_monitor)
        .op(m::delete_monitor)
        .op(m::enable)
        .op(m::disable)
        .op(m::export)
        .op(m::monitor_history)
        .op(d::monitor_changes)
        .op(m::monitor_alerts)
        .op(m::monitor_findings)
        .op(m::acknowledge)
        .op(publish::draft_for_monitor)
        .op(m::alert_groups)
        .op(m::group_alerts)
        .op(m::acknowledge_groups)
        .op(openapi::get_openapi)
        .op(auth::routes::sign_in_options)
        .op(auth::routes::get_me)
        .op(auth::routes::sign_out_everywhere)
        .op(auth::routes::list_tokens)
        .op(auth::routes::create_token)
        .op(auth::routes::revoke_token)
        .op(t::list_teams)
        .op(t::create_team)
        .op(t::switch_team)
        .op(t::get_team)
        .op(t::update_team)
        .op(t::set_team_member)
        .op(t::remove_team_member)
        .op(t::set_team_cluster_identity)
        .op(t::remove_team_cluster_identity)
        .op(t::list_group_mappings)
        .op(t::set_group_mappings)
        .op(reviews::routes::list_reviews)
        .op(reviews::routes::get_review)
        .op(reviews::routes::approve_review)
        .op(reviews::routes::reject_review)
        .op(reviews::routes::withdraw_review)
        .op(audit::routes::list_audit)
        .op(audit::routes::export_audit)
        .op(embed::routes::list_embed_apps)
        .op(embed::routes::create_embed_app)
        .op(embed::routes::delete_embed_app)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use app::api::ops::ALL;

    #[test]
    fn every_operation_of_the_route_list_has_exactly_one_handler() {
        let registered: BTreeSet<_> = super::api().ids().collect();
        let declared: BTreeSet<_> = ALL.iter().map(|o| o.id).collect();
        assert_eq!(registered, declared);
    }
}
