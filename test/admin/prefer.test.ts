import { describe, expect, it } from 'vitest';
import { useTestMock } from '../support/harness.js';
import { ContractChecker } from '../support/contract-checker.js';

const getT = useTestMock();
const checker = new ContractChecker();
const CM = { authorization: 'Bearer cm-admin-token' };
const PATH = '/cutmake/api/v1/orders/SO-DOC-1001';

function exampleOf(doc: any, path: string, method: string, status: number, name?: string): unknown {
  const examples = doc.paths[path][method].responses[String(status)].content['application/json'].examples;
  return (name ? examples[name] : Object.values(examples)[0] as any).value;
}

describe('Prefer (Prism compatibility)', () => {
  it('code=409 answers the documented example for that status and leaves the order unchanged', async () => {
    const t = getT();
    const doc = await checker.load('cutmake');
    const before = t.stored('cutmake', 'orders', 'SO-DOC-1001');
    const res = await t.http.patch(PATH).set({ ...CM, prefer: 'code=409' }).send({ notes: 'never stored' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(exampleOf(doc, '/api/v1/orders/{document_id}', 'patch', 409));
    expect(t.stored('cutmake', 'orders', 'SO-DOC-1001')).toBe(before);
    const read = await t.http.get(PATH).set(CM);
    expect(read.body.notes).not.toBe('never stored');
    expect(t.mock.requests({ operationId: 'updateOrder' })[0].prefer).toBe('code=409');
  });

  it('example=NAME answers that named example (with its status); code + example picks within the code', async () => {
    const t = getT();
    const doc = await checker.load('cutmake');
    const res = await t.http.patch(PATH).set({ ...CM, prefer: 'example=lockedOrder' }).send({ notes: 'x' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(exampleOf(doc, '/api/v1/orders/{document_id}', 'patch', 409, 'lockedOrder'));
    const both = await t.http.patch(PATH).set({ ...CM, prefer: 'code=200, example=draftEdited' }).send({ notes: 'x' });
    expect(both.status).toBe(200);
    expect(both.body).toEqual(exampleOf(doc, '/api/v1/orders/{document_id}', 'patch', 200, 'draftEdited'));
  });

  it('an undocumented code or unknown example is a 400 listing what is documented; no state changes', async () => {
    const t = getT();
    const before = t.stored('cutmake', 'orders', 'SO-DOC-1001');
    const res = await t.http.patch(PATH).set({ ...CM, prefer: 'code=418' }).send({ notes: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/code=418 is not documented for updateOrder; documented: 200, 401, 403, 404, 409, 422/);
    const named = await t.http.get(PATH).set({ ...CM, prefer: 'example=nope' });
    expect(named.status).toBe(400);
    expect(named.body.detail).toMatch(/confirmed \(200\)/);
    expect(t.stored('cutmake', 'orders', 'SO-DOC-1001')).toBe(before);
  });

  it('a Prefer header without code or example changes nothing (e.g. return=minimal)', async () => {
    const t = getT();
    const res = await t.http.get(PATH).set({ ...CM, prefer: 'return=minimal' });
    expect(res.status).toBe(200);
    expect(res.body.id ?? res.body.documentId ?? res.body).toBeTruthy();
    expect(t.mock.requests()[0].prefer).toBeNull();
  });

  it('the control plane always answers for real: Prefer shapes only the vendor APIs', async () => {
    const res = await getT().http.get('/__ordermock/health').set({ prefer: 'code=500' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });
});
