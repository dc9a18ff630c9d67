import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dealer, dealerConfigError, hashFlow, requiredEntropyBits } from '../../../../src/controlplane/apiserver/flowcontrol/shuffle-shard.js';

/** A port of upstream shufflesharding.Deal's loop (remainders adjusted against earlier remainders, last first). */
function upstreamDeal(hash: bigint, deckSize: number, handSize: number): number[] {
  const remainders: number[] = [];
  for (let i = 0; i < handSize; i++) {
    const base = BigInt(deckSize - i);
    remainders.push(Number(hash % base));
    hash /= base;
  }
  return remainders.map((r, i) => {
    let card = r;
    for (let j = i; j > 0; j--) if (card >= (remainders[j - 1] as number)) card++;
    return card;
  });
}

test('hands are distinct, in range, deterministic, and equal to upstream Deal', () => {
  const dealer = new Dealer(128, 6);
  let x = 0x9e3779b97f4a7c15n;
  for (let k = 0; k < 2000; k++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    const hand = dealer.deal(x);
    assert.equal(hand.length, 6);
    assert.equal(new Set(hand).size, 6, `duplicate card in ${hand.join(',')}`);
    for (const c of hand) assert.ok(c >= 0 && c < 128);
    assert.deepEqual(hand, dealer.deal(x));
    assert.deepEqual(hand, upstreamDeal(x, 128, 6));
    assert.deepEqual(new Dealer(16, 4).deal(x), upstreamDeal(x, 16, 4));
    assert.deepEqual(new Dealer(8, 8).deal(x).slice().sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
  }
});

test('the flow hash is deterministic and separates schema from distinguisher', () => {
  assert.equal(hashFlow('global-default', 'alice'), hashFlow('global-default', 'alice'));
  assert.notEqual(hashFlow('global-default', 'alice'), hashFlow('global-default', 'bob'));
  assert.notEqual(hashFlow('ab', 'c'), hashFlow('a', 'bc'));
  assert.ok(hashFlow('x', 'y') < 1n << 64n && hashFlow('x', 'y') >= 0n);
  assert.equal(hashFlow('', ''), 0xaf63bd4c8601b7dfn); // FNV-1a 64 of the single byte 0x00
});

test('dealer sizes are checked as upstream NewDealer does', () => {
  assert.equal(requiredEntropyBits(1024, 6), 60);
  assert.equal(requiredEntropyBits(512, 8), 72);
  assert.equal(dealerConfigError(1024, 6), undefined);
  assert.equal(dealerConfigError(100, 101), 'handSize 101 is greater than deckSize 100');
  assert.equal(dealerConfigError(100, 0), 'deckSize 100 or handSize 0 is not positive');
  assert.equal(dealerConfigError(512, 8), 'required entropy bits of deckSize 512 and handSize 8 is greater than 60');
  assert.throws(() => new Dealer(4, 5), /handSize 5 is greater than deckSize 4/);
});
