/** `<server>/form/<org slug>/<form slug>`: the public page of a form. */
export const publicFormUrl = (server: string, orgSlug: string, formSlug: string): string =>
  `${server.replace(/\/+$/, '')}/form/${encodeURIComponent(orgSlug)}/${encodeURIComponent(formSlug)}`;

/** The snippet a website pastes to show the form in a self-sizing iframe. */
export const embedSnippet = (server: string, orgSlug: string, formSlug: string): string =>
  `<script src="${publicFormUrl(server, orgSlug, formSlug)}/embed.js" async></script>`;
