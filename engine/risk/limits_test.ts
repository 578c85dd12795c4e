/**
 * Each limit, hand-worked, in both modes. The book: symbols A, B, C; equity
 * 10,000; A at 10, B at 20, C at 50.
 */
import assert from "node:assert/strict";
import { LimitsSchema } from "./config.ts";
import { type Book, createLimits, type LimitsOptions, type LimitVerdict, type Opening } from "./limits.ts";

const SYMBOLS = ["A", "B", "C"];

function book(positions: number[], pending: number[] = [0, 0, 0]): Book {
  return {
    positions: Float64Array.from(positions),
    pending: Float64Array.from(pending),
    marks: Float64Array.from([10, 20, 50]),
  };
}

function check(limits: unknown, o: Partial<Opening>, b: Book, opts: Partial<LimitsOptions> = {}): LimitVerdict {
  const out: LimitVerdict = { qty: 0, rule: "", denied: false, clipped: false, detail: "" };
  const open: Opening = {
    symbol: 0,
    dir: 1,
    base: 0,
    reducing: 0,
    qty: 0,
    price: 10,
    equity: 10_000,
    cash: 10_000,
    ...o,
  };
  createLimits(LimitsSchema.parse(limits), { symbols: SYMBOLS, ...opts }).check(open, b, out);
  return out;
}

const margin = { account: { kind: "margin" } } as const;
const both = (limit: number) => [{ max: limit, mode: "deny" as const }, { max: limit, mode: "clip" as const }];

Deno.test("limits: no limits let any order through (on margin)", () => {
  const v = check(margin, { qty: 1e6 }, book([0, 0, 0]));
  assert.deepEqual(v, { qty: 1e6, rule: "", denied: false, clipped: false, detail: "" });
});

Deno.test("limits: maxPositions counts symbols with a position or an order in flight", () => {
  // B has a position, C has an order in flight: 2 positions
  const b = book([0, 5, 0], [0, 0, 3]);
  const [deny, clip] = both(2);
  const d = check({ ...margin, maxPositions: deny }, { qty: 10 }, b);
  assert.equal(d.denied, true);
  assert.equal(d.rule, "max-positions");
  assert.match(d.detail, /2 symbols already have a position or an order in flight, max 2/);
  // clipping cannot make a new position fit: nothing fits
  const c = check({ ...margin, maxPositions: clip }, { qty: 10 }, b);
  assert.equal(c.denied && c.clipped && c.rule === "max-positions", true);
  // adding to an open position does not open a new one
  assert.equal(check({ ...margin, maxPositions: 2 }, { qty: 10, base: 4 }, b).denied, false);
  assert.equal(check({ ...margin, maxPositions: 3 }, { qty: 10 }, b).denied, false);
});

Deno.test("limits: allowShort false denies or clips the part that would go short", () => {
  const d = check({ ...margin, allowShort: false }, { dir: -1, qty: 10 }, book([0, 0, 0]));
  assert.equal(d.rule, "allow-short");
  assert.equal(d.denied, true);
  const c = check(
    { ...margin, allowShort: { allow: false, mode: "clip" } },
    { dir: -1, qty: 10, reducing: -4 },
    book([4, 0, 0]),
  );
  // the reducing part is the gate's business; the opening part gets nothing
  assert.equal(c.qty, 0);
  assert.equal(c.clipped, true);
  // a per-symbol override allows shorting B only
  const lim = { ...margin, allowShort: false, symbols: { B: { allowShort: true } } };
  assert.equal(check(lim, { symbol: 1, dir: -1, qty: 10, price: 20 }, book([0, 0, 0])).denied, false);
  assert.equal(check(lim, { symbol: 0, dir: -1, qty: 10 }, book([0, 0, 0])).denied, true);
  // buys are never short sales
  assert.equal(check(lim, { dir: 1, qty: 10 }, book([0, 0, 0])).denied, false);
});

Deno.test("limits: perSymbol.maxQty caps |position + in flight + order|", () => {
  const [deny, clip] = both(100);
  // 60 held, 15 in flight (base 75), asks 40: 115 > 100; 25 fits
  const d = check({ ...margin, perSymbol: { maxQty: deny } }, { qty: 40, base: 75 }, book([60, 0, 0], [15, 0, 0]));
  assert.equal(d.rule, "symbol-max-qty");
  assert.match(d.detail, /position would be 115, max 100/);
  const c = check({ ...margin, perSymbol: { maxQty: clip } }, { qty: 40, base: 75 }, book([60, 0, 0], [15, 0, 0]));
  assert.deepEqual([c.qty, c.rule, c.clipped, c.denied], [25, "symbol-max-qty", true, false]);
  // a short counts by its absolute size
  const s = check({ ...margin, perSymbol: { maxQty: clip } }, { dir: -1, qty: 40, base: 90 }, book([-90, 0, 0]));
  assert.equal(s.qty, 10);
});

Deno.test("limits: perSymbol.maxNotional caps |exposure| × reference price", () => {
  const [deny, clip] = both(2_500);
  // C at 50: 30 held = 1,500; 25 more = 2,750 > 2,500; 20 fits
  const o = { symbol: 2, qty: 25, base: 30, price: 50 };
  const d = check({ ...margin, perSymbol: { maxNotional: deny } }, o, book([0, 0, 30]));
  assert.equal(d.rule, "symbol-max-notional");
  assert.match(d.detail, /position value would be 2750, max 2500/);
  assert.equal(check({ ...margin, perSymbol: { maxNotional: clip } }, o, book([0, 0, 30])).qty, 20);
});

Deno.test("limits: perSymbol.maxPercentEquity caps |exposure| × price as a fraction of equity", () => {
  const [deny, clip] = both(0.25);
  // 25 % of 10,000 = 2,500 at 20 (B) = 125 units; 100 held, asks 50 → 25 fit
  const o = { symbol: 1, qty: 50, base: 100, price: 20 };
  const d = check({ ...margin, perSymbol: { maxPercentEquity: deny } }, o, book([0, 100, 0]));
  assert.equal(d.rule, "symbol-max-percent-equity");
  assert.match(d.detail, /30% of equity 10000, max 25%/);
  assert.equal(check({ ...margin, perSymbol: { maxPercentEquity: clip } }, o, book([0, 100, 0])).qty, 25);
  // per-symbol override
  assert.equal(
    check(
      {
        ...margin,
        perSymbol: { maxPercentEquity: clip },
        symbols: { B: { maxPercentEquity: { max: 0.3, mode: "clip" } } },
      },
      o,
      book([0, 100, 0]),
    ).qty,
    50,
  );
});

Deno.test("limits: grossExposure caps Σ |exposure × mark| as a multiple of equity", () => {
  const [deny, clip] = both(1.5);
  // B: 200 × 20 = 4,000 long; C: −100 in flight × 50 = 5,000 short → gross 9,000 of 15,000
  // A at 10: 700 → 16,000 > 15,000; 600 fits
  const b = book([0, 200, 0], [0, 0, -100]);
  const d = check({ ...margin, grossExposure: deny }, { qty: 700 }, b);
  assert.equal(d.rule, "gross-exposure");
  assert.match(d.detail, /gross exposure would be 1\.6x equity, max 1\.5x/);
  assert.equal(check({ ...margin, grossExposure: clip }, { qty: 700 }, b).qty, 600);
  // a sell adds to gross as much as a buy
  assert.equal(check({ ...margin, grossExposure: clip }, { dir: -1, qty: 700 }, b).qty, 600);
});

Deno.test("limits: netExposure caps |Σ exposure × mark| in the order's direction", () => {
  const [deny, clip] = both(0.5);
  // net = 4,000 − 5,000 = −1,000; cap 5,000
  const b = book([0, 200, -100]);
  // buying A: net may rise to +5,000 → 600 units
  assert.equal(check({ ...margin, netExposure: clip }, { qty: 1000 }, b).qty, 600);
  assert.equal(check({ ...margin, netExposure: deny }, { qty: 601 }, b).rule, "net-exposure");
  assert.equal(check({ ...margin, netExposure: deny }, { qty: 600 }, b).denied, false);
  // selling A: net may fall to −5,000 → 400 units
  assert.equal(check({ ...margin, netExposure: clip }, { dir: -1, qty: 1000 }, b).qty, 400);
  assert.match(
    check({ ...margin, netExposure: deny }, { dir: -1, qty: 500 }, b).detail,
    /net exposure would be 0\.6x equity, max 0\.5x/,
  );
});

Deno.test("limits: longExposure caps buys and shortExposure caps sells", () => {
  const b = book([0, 200, -100]); // long 4,000, short 5,000
  const [ld, lc] = both(0.5);
  assert.equal(check({ ...margin, longExposure: lc }, { qty: 1000 }, b).qty, 100);
  assert.equal(check({ ...margin, longExposure: ld }, { qty: 101 }, b).rule, "long-exposure");
  assert.equal(
    check({ ...margin, longExposure: ld }, { dir: -1, qty: 5000 }, b).denied,
    false,
    "a sell adds no long exposure",
  );
  const [sd, sc] = both(0.6);
  assert.equal(check({ ...margin, shortExposure: sc }, { dir: -1, qty: 1000 }, b).qty, 100);
  assert.match(
    check({ ...margin, shortExposure: sd }, { dir: -1, qty: 150 }, b).detail,
    /short exposure would be 0\.65x equity, max 0\.6x/,
  );
  assert.equal(check({ ...margin, shortExposure: sd }, { qty: 5000 }, b).denied, false, "a buy adds no short exposure");
});

Deno.test("limits: a cash account keeps projected cash, orders in flight and fees included, at or above its floor", () => {
  // cash 10,000; B has 100 in flight at 20 (2,000 + 1 % fee = 2,020 committed); A at 10 with the 1 % fee:
  // 7,980 ÷ 10.1 = 790.1 → 790
  const b = book([0, 0, 0], [0, 100, 0]);
  const fee = (q: number, px: number) => Math.abs(q) * px * 0.01;
  const d = check({}, { qty: 800 }, b, { fee });
  assert.equal(d.rule, "cash");
  assert.match(
    d.detail,
    /cash after the order would be -100 \(cash 10000, orders in flight 2020, this order 8080\), floor 0/,
  );
  const c = check({ account: { kind: "cash", mode: "clip" } }, { qty: 800 }, b, { fee });
  assert.equal(c.qty, 790);
  assert.equal(check({}, { qty: 790 }, b, { fee }).denied, false);
  assert.equal(check({}, { qty: 791 }, b, { fee }).rule, "cash");
  // a reserve: keep 5,000 in cash → 2,980 ÷ 10.1 = 295
  assert.equal(check({ account: { kind: "cash", minCash: 5000, mode: "clip" } }, { qty: 800 }, b, { fee }).qty, 295);
  // short sales bring cash in: never a cash problem
  assert.equal(check({}, { dir: -1, qty: 5000 }, b, { fee }).denied, false);
  // a margin account may borrow up to maxBorrow
  assert.equal(check({ account: { kind: "margin", maxBorrow: 1000, mode: "clip" } }, { qty: 10_000 }, b).qty, 900);
});

Deno.test("limits: a minimum fee is settled exactly when clipping for cash", () => {
  // fee: max(50, 1 % of notional); cash 1,000 at price 10 → 95 units cost 950 + 50
  const fee = (q: number, px: number) => Math.max(50, Math.abs(q) * px * 0.01);
  const c = check({ account: { kind: "cash", mode: "clip" } }, { qty: 500, cash: 1000 }, book([0, 0, 0]), { fee });
  assert.equal(c.qty, 95);
});

Deno.test("limits: clip takes the tightest clip cap, then deny rules judge what is left", () => {
  const b = book([0, 0, 0]);
  // clip by maxQty to 300; the deny cap on notional (4,000 = 400 units) is then met
  const ok = check(
    { ...margin, perSymbol: { maxQty: { max: 300, mode: "clip" }, maxNotional: { max: 4000, mode: "deny" } } },
    { qty: 500 },
    b,
  );
  assert.deepEqual([ok.qty, ok.rule, ok.denied], [300, "symbol-max-qty", false]);
  // with a deny cap of 2,000 (200 units) it is denied by that rule
  const no = check(
    { ...margin, perSymbol: { maxQty: { max: 300, mode: "clip" }, maxNotional: { max: 2000, mode: "deny" } } },
    { qty: 500 },
    b,
  );
  assert.deepEqual([no.rule, no.denied], ["symbol-max-notional", true]);
  // the tighter of two clip caps wins, rounded down to the lot
  const two = check({ ...margin, mode: "clip", perSymbol: { maxQty: 300, maxNotional: 2_345 } }, { qty: 500 }, b, {
    lotSize: 10,
  });
  assert.deepEqual([two.qty, two.rule], [230, "symbol-max-notional"]);
  // a clip below minQty leaves nothing
  const tiny = check(
    { ...margin, mode: "clip", perSymbol: { maxQty: 300 } },
    { qty: 500, base: 290 },
    book([290, 0, 0]),
    { minQty: 20 },
  );
  assert.deepEqual([tiny.qty, tiny.denied, tiny.rule], [0, true, "symbol-max-qty"]);
  assert.match(tiny.detail, /^nothing fits: position would be 790, max 300/);
});

Deno.test("limits: at equity ≤ 0 every equity-relative cap allows nothing", () => {
  const v = check({ ...margin, grossExposure: 2 }, { qty: 1, equity: -5 }, book([0, 0, 0]));
  assert.equal(v.rule, "gross-exposure");
  // and a rule that is not configured never denies
  assert.equal(check({ ...margin, perSymbol: { maxQty: 10 } }, { qty: 1, equity: -5 }, book([0, 0, 0])).denied, false);
});

Deno.test("limits: a cash account alone (its fast path) decides exactly as the full rule table does", () => {
  // the full table runs when any other rule is configured; a per-symbol cap no order can reach changes nothing
  const rnd = (() => {
    let x = 12345;
    return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  })();
  const fee = (q: number, p: number) => Math.max(1, Math.abs(q * p) * 0.001);
  for (let i = 0; i < 2000; i++) {
    const o: Partial<Opening> = {
      symbol: Math.floor(rnd() * 3),
      dir: rnd() < 0.5 ? 1 : -1,
      base: Math.floor(rnd() * 50),
      reducing: rnd() < 0.3 ? Math.floor(rnd() * 40) : 0,
      qty: 1 + Math.floor(rnd() * 600),
      price: 5 + rnd() * 50,
      equity: 10_000,
      cash: rnd() * 12_000 - 1_000,
    };
    const b = book([0, 0, 0].map(() => Math.floor(rnd() * 60) - 20), [0, 0, 0].map(() => Math.floor(rnd() * 40) - 20));
    for (const account of [{ kind: "cash" }, { kind: "cash", minCash: 500 }] as const) {
      const fast = check({ account }, o, b, { fee });
      const full = check({ account, perSymbol: { maxQty: 1e12 } }, o, b, { fee });
      assert.deepEqual(fast, full, JSON.stringify({ o, account }));
    }
  }
});

Deno.test("the cash rule over a book's pendingSymbols: the verdict and its words of a look at every symbol", () => {
  // 40 symbols, a few with orders in flight (buys and sells, a fee), the listed set holding those and some idle ones
  const k = 40, symbols = Array.from({ length: k }, (_, s) => `S${s}`);
  let seed = 3;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const limits = createLimits(LimitsSchema.parse({}), { symbols, fee: (q, p) => Math.abs(q * p) * 0.001 + 1 });
  let denied = 0;
  for (let trial = 0; trial < 300; trial++) {
    const pending = new Float64Array(k), marks = Float64Array.from({ length: k }, () => 5 + rand() * 100);
    const listed: number[] = [];
    for (let s = 0; s < k; s++) {
      const u = rand();
      if (u < 0.1) pending[s] = Math.round((rand() - 0.4) * 300) || 7;
      if (pending[s] !== 0 || u > 0.95) listed.push(s); // and a few whose orders' fills brought them back to 0
    }
    const positions = Float64Array.from({ length: k }, () => (rand() < 0.3 ? Math.round(rand() * 50) : 0));
    const open: Opening = {
      symbol: Math.floor(rand() * k),
      dir: rand() < 0.8 ? 1 : -1,
      base: 0,
      reducing: 0,
      qty: Math.round(rand() * 400) + 1,
      price: 5 + rand() * 100,
      equity: 50_000,
      cash: rand() * 60_000,
    };
    const verdict = (b: Book) => {
      const out: LimitVerdict = { qty: 0, rule: "", denied: false, clipped: false, detail: "" };
      limits.check(open, b, out);
      return { ...out };
    };
    const whole = verdict({ positions, pending, marks });
    const sparse = verdict({
      positions,
      pending,
      marks,
      pendingSymbols: { symbols: Int32Array.from([...listed, 0, 0]), size: listed.length },
    });
    assert.deepEqual(sparse, whole, `trial ${trial}`);
    if (whole.denied) denied++;
  }
  assert.ok(denied > 30 && denied < 270, `both verdicts drawn: ${denied} of 300 denied`);
});
