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
