// The 3-D Secure page in a real browser (run by scripts/test.d/50-browser.sh).
//
// For each case a harness (`swip qa browser-three-ds`) starts a sandbox and a wallet, signs a user
// up and binds a 3-D Secure test card through the core; it prints the page the core fetched
// (`finish3dsHtml`) with the return URL. Headless Chromium shows that page as a WebView does (the
// HTML string with the API as base URL), a person's steps are performed (type the code into
// #code, press #submit), the form posts to the sandbox's real bank endpoint, and the navigation to
// the return URL is observed. The URL reached goes back to the harness, which asks the core
// whether it is the return URL, tells the wallet the page is done and waits for the wallet's
// status poll: the card must end bound (code 1234) or failed (any other code).
//
// Why playwright-core and not a WebDriver crate (fantoccini/thirtyfour): one npm package with no
// dependencies, installed into .tools/ (nothing added to the Rust workspace's build), it speaks
// CDP to Debian's Chromium directly (no chromedriver process to start and version-match), and it
// sees every navigation and request, as a WebView's URL intercept does. Playwright starts
// Chromium with a fresh temporary --user-data-dir of its own; the flags below keep it off the
// network this machine does not have.
'use strict';

const { chromium } = require('playwright-core');
const { spawn } = require('node:child_process');
const readline = require('node:readline');

const swip = process.argv[2];
if (!swip) {
  console.error('usage: node three_ds.cjs PATH_TO_SWIP');
  process.exit(2);
}

const CASE_TIMEOUT_MS = 90_000;
const cases = [
  { name: 'the right one-time code binds the card', code: '1234', expect: 'bound' },
  { name: 'a wrong one-time code fails the binding', code: '9999', expect: 'failed' },
];

/** The harness process and its JSON lines. */
function startHarness() {
  const child = spawn(swip, ['qa', 'browser-three-ds'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    exited,
    async next() {
      const line = await lines.next();
      if (line.done) throw new Error('the harness ended without answering');
      return JSON.parse(line.value);
    },
  };
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function runCase(browser, testCase) {
  const harness = startHarness();
  const context = await browser.newContext();
  try {
    const challenge = await harness.next();
    check(challenge.type === 'challenge', `expected the challenge, got ${JSON.stringify(challenge)}`);
    check(challenge.html.includes('<form'), 'the page the core fetched has a form');

    const page = await context.newPage();
    const navigations = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    // loadDataWithBaseURL(base = the API's URL, html): the page the core holds, at the sandbox's origin.
    const webview = `${challenge.sandboxUrl}/__webview__/3ds`;
    await page.route(webview, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: challenge.html }));
    await page.goto(webview);

    // A person's steps.
    await page.locator('#code').click();
    await page.keyboard.type(testCase.code);
    const returned = page.waitForURL((url) => url.href.startsWith(challenge.returnUrl), { waitUntil: 'load' });
    await page.locator('#submit').click();
    await returned;
    const reached = page.url();
    check(navigations.includes(reached), `the navigation to ${reached} was observed`);
    check((await page.locator('#done').count()) === 1, 'the return page is shown');

    // The shell's part: report the URL, the core decides and polls.
    harness.child.stdin.write(`${reached}\n`);
    const result = await harness.next();
    check(result.type === 'result', `expected the result, got ${JSON.stringify(result)}`);
    check(result.binding === testCase.expect, `binding ${result.binding} (${result.problem}), expected ${testCase.expect}`);
    if (testCase.expect === 'bound') check(result.cards.length === 1, `one card listed: ${result.cards}`);
    const code = await harness.exited;
    check(code === 0, `the harness exited ${code}`);
  } finally {
    await context.close();
    if (harness.child.exitCode === null) harness.child.kill();
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  console.log(`chromium ${browser.version()}`);
  let passed = 0;
  let failed = 0;
  try {
    for (const testCase of cases) {
      try {
        await withTimeout(runCase(browser, testCase), CASE_TIMEOUT_MS, testCase.name);
        passed += 1;
        console.log(`ok - ${testCase.name}`);
      } catch (error) {
        failed += 1;
        console.log(`not ok - ${testCase.name}: ${error.message}`);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
