// The requests a lead becomes: the webhook's body (JSON, or form-encoded to spare the endpoint a
// CORS preflight) and HubSpot's forms submission (v3, unauthenticated: it accepts CORS). The
// lead record itself, which is also the JSON body and the kw-lead event's detail, is made by the
// form (js/elements/lead.js) and documented in docs/leads.md.

/** application/x-www-form-urlencoded, nested keys in brackets: `lead[email]=a%40b.de`; nulls left out. */
export function formEncode(record) {
  const params = new URLSearchParams();
  const add = (value, key) => {
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) add(v, key ? `${key}[${k}]` : k);
    } else if (value !== null && value !== undefined) {
      params.append(key, String(value));
    }
  };
  add(record, '');
  return params.toString();
}

/**
 * The body of POST {base}/submissions/v3/integration/submit/{portalId}/{formGuid}. `map` lists
 * [key, property] pairs: the key names a lead field, a result, an input or one of id,
 * calculator, mode, locale, currency; the property is HubSpot's internal name, prefixed by an
 * object type and a slash for other objects than contacts (`0-2/name`). Empty values are left
 * out. The visitor's consent goes into legalConsentOptions, and into a subscription's
 * communications when `subscription` is set.
 */
export function hubspotBody(record, { map, subscription }, hutk) {
  const values = {
    ...record.inputs, ...record.results, ...record.lead,
    id: record.id, calculator: record.calculator, mode: record.mode, locale: record.locale, currency: record.currency,
  };
  const fields = [];
  for (const [key, target] of map) {
    const value = values[key];
    if (value === null || value === undefined || value === '') continue;
    const [objectTypeId, name] = target.includes('/') ? target.split('/') : ['0-1', target];
    fields.push({ objectTypeId, name, value: String(value) });
  }
  const consent = { consentToProcess: true, text: record.consent.text };
  if (subscription) consent.communications = [{ value: true, subscriptionTypeId: subscription, text: record.consent.text }];
  return {
    submittedAt: String(Date.parse(record.consent.at)),
    fields,
    context: { ...(hutk ? { hutk } : {}), pageUri: record.page.url, pageName: record.page.title },
    legalConsentOptions: { consent },
  };
}

/** HubSpot's visitor cookie, when the page has HubSpot's tracking code. */
export function hubspotCookie() {
  try {
    return /(?:^|;\s*)hubspotutk=([^;]+)/.exec(document.cookie)?.[1];
  } catch {
    return undefined; // a sandboxed frame has no cookies
  }
}

/** The requests for a lead, by destination: { webhook?, hubspot? }, each { url, type, body }. */
export function requestsFor(record, { webhook, format, hubspot }) {
  const sends = {};
  if (webhook) {
    sends.webhook = format === 'form'
      ? { url: webhook, type: 'application/x-www-form-urlencoded', body: formEncode(record) }
      : { url: webhook, type: 'application/json', body: JSON.stringify(record) };
  }
  if (hubspot) {
    sends.hubspot = { url: hubspot.url, type: 'application/json', body: JSON.stringify(hubspotBody(record, hubspot, hubspotCookie())) };
  }
  return sends;
}
