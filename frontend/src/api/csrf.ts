// Django's CSRF token for POSTs (the X-CSRFToken header), asked of /csrf/.
// One request for it, shared: with no cookie yet, two /csrf/ calls at once
// would each set a different secret, and the page would send the token of one
// with the cookie of the other (a CSRF refusal).

export interface CsrfToken {
  /** The token, from `initial` or one shared request to /csrf/. */
  get(): Promise<string>;
  /** Drop it (Django rotates it at sign-in and sign-out): the next get asks again. */
  forget(): void;
}

function fetchCsrfToken(): Promise<string> {
  return fetch("/csrf/", { credentials: "same-origin" })
    .then((response) => response.json() as Promise<{ csrfToken: string }>)
    .then((body) => body.csrfToken);
}

/** A page's token; `initial` is one the page already carries (e.g. embedded in index.html). */
export function csrfToken(initial: Promise<string> | null = null): CsrfToken {
  let token = initial;
  return {
    get() {
      if (token === null) {
        const pending = fetchCsrfToken();
        token = pending;
        // a failed fetch is asked again next time
        pending.catch(() => {
          if (token === pending) token = null;
        });
      }
      return token;
    },
    forget() {
      token = null;
    },
  };
}
