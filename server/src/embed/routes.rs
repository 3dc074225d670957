//! `/api/v1/embed-apps` (administrators): register, list and remove embedding applications.

use app::api::{Call, CreatedEmbedApp, EmbedApp, NoContent, ops};

use crate::{api::Ctx, error::ApiResult};

pub async fn list_embed_apps(cx: Ctx, _: Call<ops::ListEmbedApps>) -> ApiResult<Vec<EmbedApp>> {
    cx.embed.list().await
}

pub async fn create_embed_app(cx: Ctx, call: Call<ops::CreateEmbedApp>) -> ApiResult<CreatedEmbedApp> {
    let teams = cx.teams.ids().await?;
    cx.embed.create(&call.body, &cx.caller()?.user.username, &cx.secrets, &teams).await
}

pub async fn delete_embed_app(cx: Ctx, call: Call<ops::DeleteEmbedApp>) -> ApiResult<NoContent> {
    cx.embed.delete(&call.params).await?;
    Ok(NoContent)
}
