// Test peer for wlmail: oauth2-mock-server on 127.0.0.1, driven by tests/test_oauth*.py.
//
//   node server.mjs [--port N] [--key key.pem --cert cert.pem] [--issuer URL]
//                   [--authorize /path] [--token /path]
//
// First stdout line: {"port": N, "issuer": "...", "jwks": "...", "introspection": "..."} once
// listening. "introspection" is an RFC 7662 endpoint (form POST token=…, as Dovecot's oauth2
// passdb sends it; the mock's own /introspect reads JSON only and says active to anything):
// a token is active when this peer issued it and it has not expired; the answer names the user.
// Then one JSON line per request it served, for the tests to assert on:
//   {"event": "authorize", "state": bool, "code_challenge_method": "S256", ...}
//   {"event": "token", "grant_type": "...", "code_verifier": bool, "client_secret": bool, ...}
//   (a refresh also says "refresh_token_state": "live" | "used" | "unknown", from the refresh
//   tokens this peer issued: the rotation, seen from the provider)
// (presence flags only: no secret, code or token is ever printed).
//
// Commands on stdin, one per line, each applying to the next matching request only:
//   deny           -> the next authorization redirects with error=access_denied
//   token-error    -> the next token request gets 400 {"error": "invalid_grant"}
//   expires N      -> the next token expires in N seconds
//   strict-rotation -> from now on, a refresh token works once (as Microsoft rotates them):
//                     presenting one already used or never issued gets 400 invalid_grant
//   user NAME      -> the user name the introspection endpoint reports for live tokens
//                     (default "alice")
//   ping           -> nothing (the ack tells that every earlier event line was written)
// Each command is acknowledged with {"ack": "<command>"}.
// The server stops on SIGTERM or when stdin closes (the test process went away).

import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { OAuth2Server } from 'oauth2-mock-server';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const endpoints = {};
if (option('authorize')) endpoints.authorize = option('authorize');
if (option('token')) endpoints.token = option('token');

const server = new OAuth2Server(option('key'), option('cert'), { endpoints });
await server.issuer.keys.generate('RS256');
await server.start(Number(option('port', '0')), '127.0.0.1');
const port = server.address().port;
const scheme = option('key') ? 'https' : 'http';
// The mock advertises a "localhost" issuer even when bound to 127.0.0.1: set it explicitly.
server.issuer.url = option('issuer', `${scheme}://127.0.0.1:${port}`);

const say = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const pending = { deny: 0, tokenError: 0, expires: [] };
let strictRotation = false;
const refreshTokens = new Map(); // refresh token -> 'live' | 'used'
const accessTokens = new Map(); // access token -> expiry (ms since the epoch)
let introspectUser = 'alice';

server.service.on('beforeAuthorizeRedirect', (redirect, req) => {
  const q = req.query;
  say({
    event: 'authorize',
    response_type: q.response_type ?? null,
    client_id: q.client_id ?? null,
    redirect_uri: q.redirect_uri ?? null,
    scope: q.scope ?? null,
    state: typeof q.state === 'string' && q.state.length > 0,
    code_challenge: typeof q.code_challenge === 'string' && q.code_challenge.length > 0,
    code_challenge_method: q.code_challenge_method ?? null,
    extra: Object.keys(q).filter((k) => ![
      'response_type', 'client_id', 'redirect_uri', 'scope', 'state',
      'code_challenge', 'code_challenge_method'].includes(k)),
  });
  if (pending.deny > 0) {
    pending.deny -= 1;
    redirect.url.searchParams.delete('code');
    redirect.url.searchParams.set('error', 'access_denied');
    redirect.url.searchParams.set('error_description', 'The user said no');
  }
});

server.service.on('beforeTokenSigning', (token) => {
  if (pending.expires.length > 0) {
    const seconds = pending.expires[0];
    token.payload.exp = Math.floor(Date.now() / 1000) + seconds;
  }
});

server.service.on('beforeResponse', (response, req) => {
  const b = req.body ?? {};
  let refreshState = null;
  if (b.grant_type === 'refresh_token' && typeof b.refresh_token === 'string') {
    refreshState = refreshTokens.get(b.refresh_token) ?? 'unknown';
    refreshTokens.set(b.refresh_token, 'used');
  }
  say({
    event: 'token',
    grant_type: b.grant_type ?? null,
    client_id: b.client_id ?? null,
    client_secret: typeof b.client_secret === 'string' && b.client_secret.length > 0,
    basic_auth: typeof req.headers.authorization === 'string',
    code: typeof b.code === 'string',
    code_verifier: typeof b.code_verifier === 'string',
    redirect_uri: b.redirect_uri ?? null,
    refresh_token: typeof b.refresh_token === 'string',
    refresh_token_state: refreshState,
  });
  if (strictRotation && refreshState !== null && refreshState !== 'live') {
    response.statusCode = 400;
    response.body = { error: 'invalid_grant', error_description: 'AADSTS70000: refresh token already used (test peer)' };
    return;
  }
  if (pending.tokenError > 0) {
    pending.tokenError -= 1;
    response.statusCode = 400;
    response.body = { error: 'invalid_grant', error_description: 'Bad code (test peer)' };
    return;
  }
  if (pending.expires.length > 0) {
    response.body.expires_in = pending.expires.shift();
  }
  if (typeof response.body.refresh_token === 'string') {
    refreshTokens.set(response.body.refresh_token, 'live');
  }
  if (typeof response.body.access_token === 'string') {
    const lifetime = Number(response.body.expires_in ?? 3600);
    accessTokens.set(response.body.access_token, Date.now() + lifetime * 1000);
  }
});

const introspection = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    const token = new URLSearchParams(body).get('token') ?? '';
    const expiry = accessTokens.get(token);
    const active = expiry !== undefined && expiry > Date.now();
    say({ event: 'introspect', active });
    const answer = active ? { active: true, username: introspectUser } : { active: false };
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
});
await new Promise((resolve) => introspection.listen(0, '127.0.0.1', resolve));
const introspectionUrl = `http://127.0.0.1:${introspection.address().port}/introspect`;

say({
  port,
  issuer: server.issuer.url,
  jwks: `${scheme}://127.0.0.1:${port}/jwks`,
  introspection: introspectionUrl,
});

const stop = async () => {
  introspection.close();
  await server.stop().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'deny') pending.deny += 1;
  else if (command === 'token-error') pending.tokenError += 1;
  else if (command === 'expires') pending.expires.push(Number(arg));
  else if (command === 'strict-rotation') strictRotation = true;
  else if (command === 'user') introspectUser = arg ?? '';
  else if (command === 'ping') { /* a barrier: every earlier event line is out */ }
  else if (!command) return;
  else {
    say({ error: `unknown command ${command}` });
    return;
  }
  say({ ack: line.trim() });
});
lines.on('close', stop);
