import { expect, panel, test } from './fixtures';

test('stored v1 reviews are upcast to v2; undecodable ones are shown with the reason', async ({ openShop, recorder }) => {
  const page = await openShop();
  const reviews = panel(page, 'Reviews');
  await reviews.getByRole('button', { name: 'Replay 5 stored events' }).click();

  await expect(reviews.getByRole('listitem', { name: 'Review of tea', exact: true })).toContainText('v1 → v2');
  await expect(reviews.getByRole('listitem', { name: 'Review of tea', exact: true })).toContainText('5/5');
  await expect(reviews.getByRole('listitem', { name: 'Review of tea', exact: true })).toContainText('anonymous');
  await expect(reviews.getByRole('listitem', { name: 'Review of teapot' })).toContainText(/^v2/);
  await expect(reviews.getByRole('listitem', { name: 'Review of kettle' })).toContainText('v1 → v2');
  await expect(reviews.getByRole('listitem', { name: 'Rejected ProductReviewed v1' })).toContainText(
    'rating.value: rating is above its scale',
  );
  await expect(reviews.getByRole('listitem', { name: 'Rejected GiftCardRedeemed v1' })).toContainText("registry.define('GiftCardRedeemed'");
  await expect(panel(page, 'Audit log').getByText('anonymous rated tea 5/5')).toBeVisible();

  await expect.poll(() => recorder.events.filter((e) => e.type === 'ProductReviewed').length).toBe(3);
  const [tea, teapot] = recorder.events.filter((e) => e.type === 'ProductReviewed');
  expect(tea?.payload).toMatchObject({ $hubbub: 'instance', className: 'ProductReviewed' });
  expect(tea?.payload.fields).toMatchObject({ sku: 'tea', rating: { value: 5, scale: 5 }, author: 'anonymous', migratedFrom: 1 });
  expect(teapot?.payload.fields).toMatchObject({ sku: 'teapot', author: 'lin' });
  const rejected = recorder.events.filter((e) => e.type === 'replay/rejected');
  expect(rejected.map((e) => e.payload.envelope.type)).toEqual(['ProductReviewed', 'GiftCardRedeemed']);
});

test('replaying the stored events again rebuilds the same list instead of doubling it', async ({ openShop, recorder }) => {
  const page = await openShop();
  const reviews = panel(page, 'Reviews');
  const replay = reviews.getByRole('button', { name: 'Replay 5 stored events' });
  await replay.click();
  await expect(reviews.getByRole('listitem')).toHaveCount(5);
  await expect(replay).toBeEnabled();
  await replay.click();
  // Two clicks in one task, before React re-renders: still one replay at a time.
  await replay.evaluate((button: HTMLButtonElement) => {
    button.click();
    button.click();
  });

  await expect.poll(() => recorder.events.filter((e) => e.type === 'replay/started').length).toBe(3);
  await expect(replay).toBeEnabled();
  await expect(reviews.getByRole('listitem', { name: /^Review of / })).toHaveCount(3);
  await expect(reviews.getByRole('listitem', { name: 'Review of tea', exact: true })).toHaveCount(1);
  await expect(reviews.getByRole('listitem', { name: /^Rejected / })).toHaveCount(2);
  // The bus carried every replay in full; only the list is rebuilt each time.
  await expect.poll(() => recorder.events.filter((e) => e.type === 'ProductReviewed').length).toBe(9);
});
