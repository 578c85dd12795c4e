import assert from "node:assert/strict";
import { sha256Hex } from "./sha256_hex.ts";

const enc = new TextEncoder();

Deno.test("sha256Hex() gives the FIPS 180-2 digests of the empty message, 'abc' and the two-block message", async () => {
  assert.equal(await sha256Hex(new Uint8Array()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(await sha256Hex(enc.encode("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(
    await sha256Hex(enc.encode("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
});

Deno.test("sha256Hex() digests only the view's bytes, not its whole buffer", async () => {
  const buf = enc.encode("xxabcxx");
  assert.equal(
    await sha256Hex(buf.subarray(2, 5)),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
