import request from 'supertest';
import type { TestApp } from './test-app';

let counter = 0;
/** A fresh Idempotency-Key. */
export function newKey(): string {
  counter += 1;
  return `test-key-${process.pid}-${counter}`;
}

export async function demoToken(t: TestApp, body: { role: 'parent'; familyId: string } | { role: 'admin' | 'auditor' }): Promise<string> {
  const res = await request(t.url).post('/api/auth/demo-token').send(body).expect(200);
  return (res.body as { token: string }).token;
}

export function expectErrorShape(body: unknown, code: string): void {
  expect(body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Array) } });
}
