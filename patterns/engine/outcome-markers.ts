/**
 * Lines that tell how something went, in the words real software uses, whatever printed them:
 *
 * - `retry`: the program is trying again or waiting ("retrying in 2s", "attempt 2/5",
 *   "Reconnecting", "waiting for db", "will retry", "backing off", "not ready yet");
 * - `success`: it got through ("ready to accept connections", "accepting connections",
 *   "connected to db:5432", "succeeded", "completed successfully", "is healthy", "Listening on",
 *   an HTTP 2xx status, "exited with code 0");
 * - `handled`: the program dealt with the failure and went on ("falling back to", "defaulting
 *   to", "continuing without", "using the cached", "not fatal", "is optional");
 * - `give_up`: retrying is over ("giving up", "max retries exceeded", "failed after 5 attempts");
 * - test output: a passing test ("PASSED", "✓ name", "--- PASS:", "... ok", "[       OK ]",
 *   "ok 3 - name"), a failing one, the start of a test run, and the summaries of pytest, jest,
 *   vitest, mocha, go test, cargo, unittest, JUnit/Maven, RSpec, dbt, TAP and node:test.
 *
 * A line that reads like an error ("not ready", "connection failed", "unsuccessful") is never a
 * success, except where the error count is zero ("0 errors", "0 failed").
 */

export type OutcomeMarker =
  'retry' | 'success' | 'handled' | 'give_up' | 'test_start' | 'test_pass' | 'test_fail' | 'tests_passed' | 'tests_failed';

const GIVE_UP =
  /\bgiv(?:ing|e) up\b|\bgave up\b|\b(?:max(?:imum)?|all) (?:\d+ )?(?:retries|(?:connection |reconnect |retry )?attempts)\b.{0,40}?\b(?:exceeded|reached|exhausted|failed|used)\b|\bretries exhausted\b|\bretry limit\b|\b(?:failed|failing) after \d+ (?:attempts|retries|tries)\b|\b(?:no|0) (?:more )?(?:retries|attempts) (?:left|remaining)\b|\bout of retries\b/i;

const RETRY =
  /\bretr(?:y|ying|ied|ies)\b|\bre-?trying\b|\btry(?:ing)? again\b|\bre-?connect(?:ing)?\b|\battempt\s*#?\s*\d+|\b\d+(?:st|nd|rd|th) (?:attempt|try)\b|\b(?:attempts?|retries|tries) (?:left|remaining)\b|\bbacking off\b|\bback-?off\b|\bwaiting (?:for|until|on)\b|\bwill try\b|\bsleeping\b|\bstill (?:waiting|starting|initializing|booting)\b|\bnot (?:yet )?ready\b|\bis starting up\b|\bstarting up\b/i;

const SUCCESS =
  /\bready\b|\baccepting (?:tcp\/ip )?connections\b|\bconnect(?:ed|ion (?:established|succeeded|successful|ok|restored))\b|\bsucce(?:eded|ssful(?:ly)?|ss)\b|\b(?:is|are|became|now) (?:healthy|up|available|online|reachable)\b|\bhealthy\b|\bup and running\b|\blistening (?:on|at)\b|\bcompleted?\b|\bpassed\b|\bHTTP\/\d(?:\.\d)?"?\s+2\d\d\b|\b(?:status(?:[ _-]?code)?|code|returned|response)"?\s*[=:]?\s*2\d\d\b|\b2\d\d (?:OK|Created|Accepted|No Content)\b|" 2\d\d \d|\bexit(?:ed)?(?: with)? (?:code|status) 0\b|\bre-?connected\b|\bis alive\b|^PONG$|"status"\s*:\s*"(?:ok|success|healthy|up|pass)"|\bok!?\.?$/i;

/** Success that names the attempt it came on ("connected on attempt 4", "ok after 3 tries"): asked before RETRY. */
const SUCCESS_ON_ATTEMPT =
  /\b(?:ok|up|alive|ready|done|succeeded|success(?:ful(?:ly)?)?|connected|available|reachable|fetched|loaded|inserted|written|finished)\b.{0,40}?\b(?:(?:after|in) \d+ (?:attempts?|attempt\(s\)|tries|retries)\b|on (?:attempt|try) #?\d+)/i;

/** The program says it handled the failure and went on ("falling back to", "continuing without it", "skipping"). */
const HANDLED =
  /\bfall(?:ing|s)? back\b|\bfell back\b|\bdefaulting to\b|\b(?:continuing|continue|proceeding|going on) without\b|\busing (?:the )?(?:default|fallback|cached|previous|last known)\b|\bignor(?:ing|ed) (?:the |this )?(?:error|failure)\b|\b(?:not|non-?)fatal\b|\bis optional\b|\boptional, /i;

const QUESTION = /\?(?:\s|$)/;
/** Error words that keep a line from being a success. */
const ERRORISH =
  /\b(?:not|no longer|never|unable|cannot|can't|could ?n[o']t|fail(?:s|ed|ure|ing)?|errors?|refused|denied|fatal|exception|unsuccessful(?:ly)?|unhealthy|unavailable|unreachable|timed? ?out|abort(?:ed|ing)?|panic)\b/i;
/** "0 errors", "no errors", "failed=0", "0 failed", "errors: 0", "without errors": the zero count of an error word. */
const ZERO_ERRORS =
  /\b(?:0|no|zero|without) (?:errors?|failures?|failed|fail(?:ing)?)\b|\b(?:errors?|failures?|failed|fail(?:ing)?)"?\s*[=:]\s*(?:0|null|none|false|\[\])(?![\w.])|\bERROR=0\b/gi;

// Test output. Line-level results first, then summaries.
const TEST_START =
  /={3,} test session starts ={3,}|^=== RUN\s|^running \d+ tests?\b|^\s*RUNS?\s+\S|^Collecting tests|^collected \d+ items?\b|^\s*T E S T S\s*$|^\s*RUN\s+v\d|^TAP version \d+|^Running tests\b/i;
const TEST_PASS =
  /(?:::\S+|\]) PASSED\b|^PASSED\s+\S|^\s*[✓✔√]\s|^\s*PASS\s+\S|^\s*--- PASS: |\.\.\. ok$|^\s*\[\s+OK\s+\]|^ok \d+\b|^\s*ok\s+\S+\s+[\d.]+s\b|\[PASS(?: in [\d.]+s)?\]/;
const TEST_FAIL =
  /(?:::\S+|\]) (?:FAILED|ERROR)\b|^(?:FAILED|ERROR)\s+\S+::|^\s*[✗✕×✖]\s|^\s*FAIL\s+\S|^\s*--- FAIL: |\.\.\. (?:FAIL|FAILED|ERROR)$|^\s*\[\s+FAILED\s+\]|^not ok \d+\b|\[(?:FAIL|ERROR)(?: in [\d.]+s)?\]/;
/** Summaries that report failures: any non-zero failure or error count. */
const TESTS_FAILED =
  /={3,} .*\b[1-9]\d* (?:failed|errors?)\b.* ={3,}|^\s*Tests?:\s.*\b[1-9]\d* failed\b|^\s*Test Files\s.*\b[1-9]\d* failed\b|^\s*Tests\s.*\b[1-9]\d* failed\b|^\s*[1-9]\d* failing\b|^FAIL\s*$|^FAIL\s+\S+\s+[\d.]+s|^test result: FAILED\b|^FAILED \((?:failures|errors)=\d+|Tests run: \d+, Failures: (?:[1-9]|\d*, Errors: [1-9])|\b\d+ examples?, [1-9]\d* failures?\b|\bERROR=[1-9]|^(?:#|ℹ) fail [1-9]|^\s*\[\s+FAILED\s+\] \d+ tests?|\bBUILD FAILURE\b|\bBUILD FAILED\b/;
/** Summaries of a run whose tests all passed (checked after TESTS_FAILED). */
const TESTS_PASSED =
  /={3,} .*\b\d+ passed\b.* ={3,}|^\s*Tests?:\s+\d+ passed\b|^\s*Test Files\s+\d+ passed\b|^\s*Tests\s+\d+ passed\b|^\s*\d+ passing\b|^PASS\s*$|^ok\s+\S+\s+[\d.]+s|^test result: ok\.|^OK(?: \(|\s*$)|Tests run: \d+, Failures: 0, Errors: 0\b|\b\d+ examples?, 0 failures\b|\bPASS=\d+ WARN=\d+ ERROR=0\b|^(?:#|ℹ) fail 0\b|^\s*\[\s+PASSED\s+\] \d+ tests?|\bBUILD SUCCESS(?:FUL)?\b/;

/** One quick test before the specific ones: most lines are none of these. */
const ANY_MARKER =
  /back|default|without|using|ignor|fatal|optional|alive|pong|status|retr|again|connect|attempt|back-?off|wait|will try|sleep|still|ready|start|accept|succe|health|up\b|listen|complet|pass|fail|ok\b|error|\b2\d\d\b|exit|giv|gave|exhaust|limit|out of|session|run|collect|test|tap|[✓✔√✗✕×✖]|={3}|-{3}|\[\s+(?:ok|failed|passed)|\bexamples?\b/i;

/**
 * The marker of one normalized line, or undefined. A line that matched a failure pattern is
 * asked with `matched`: it can only be a retry or a give-up.
 */
export function outcomeMarker(line: string, matched = false): OutcomeMarker | undefined {
  if (!ANY_MARKER.test(line)) return undefined;
  if (GIVE_UP.test(line)) return 'give_up';
  if (!matched) {
    const test = testMarker(line);
    if (test !== undefined) return test;
  }
  if (!matched && SUCCESS_ON_ATTEMPT.test(line) && !ERRORISH.test(line.replace(ZERO_ERRORS, ''))) return 'success';
  if (HANDLED.test(line)) return 'handled';
  if (RETRY.test(line)) return 'retry';
  if (matched) return undefined;
  // A question ("Is the server ... accepting TCP/IP connections?") is not an answer.
  if (SUCCESS.test(line) && !QUESTION.test(line) && !ERRORISH.test(line.replace(ZERO_ERRORS, ''))) return 'success';
  return undefined;
}

function testMarker(line: string): OutcomeMarker | undefined {
  if (TESTS_FAILED.test(line)) return 'tests_failed';
  if (TESTS_PASSED.test(line)) return 'tests_passed';
  if (TEST_FAIL.test(line)) return 'test_fail';
  if (TEST_PASS.test(line)) return 'test_pass';
  if (TEST_START.test(line)) return 'test_start';
  return undefined;
}

/** Whether a matched line is itself the result line of a passing test (`test_connection_error PASSED`, `✓ handles ECONNREFUSED`). */
export function isPassingTestLine(line: string): boolean {
  return TEST_PASS.test(line) && !TEST_FAIL.test(line);
}

/** Quick test for the test-run markers (most lines have none of these characters or words). */
const ANY_TEST_MARKER = /pass|fail|ok\b|error|run|test|session|collect|tap|[✓✔√✗✕×✖]|={3}|\[\s+/i;

/**
 * What a line earlier in the output says about test context: true for a test's result or a
 * test run's start (what follows belongs to a test run), false for a summary (the run before
 * it ended), undefined for anything else.
 */
export function testRunContext(line: string): boolean | undefined {
  if (!ANY_TEST_MARKER.test(line)) return undefined;
  const marker = testMarker(line);
  if (marker === 'tests_passed' || marker === 'tests_failed') return false;
  if (marker === 'test_start' || marker === 'test_pass' || marker === 'test_fail') return true;
  return undefined;
}
