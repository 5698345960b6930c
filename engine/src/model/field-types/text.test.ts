import { describe, expect, it } from 'vitest';
import { richtextType } from './text.ts';

const WRITE = { now: new Date(), creating: true };
const stored = (html: string, def: Record<string, unknown> = {}) => {
  const result = richtextType.toColumns(html, { type: 'richtext', ...def } as never, 'body', WRITE);
  if (!result.ok) throw new Error(result.message);
  return result.values.body as string;
};

describe('richtext', () => {
  const pixel = '<img src="https://tracker.example/pixel.gif" alt="pixel">';
  const own = '<img src="/api/files/0190b7a4-0000-7000-8000-000000000001" alt="own">';
  const inline = '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">';

  it('drops remote images by default, keeping inline data and files uploaded here', () => {
    const html = stored(`<p>Hello ${pixel} ${own} ${inline}</p>`);
    expect(html).not.toContain('tracker.example');
    expect(html).toContain('src="/api/files/0190b7a4-0000-7000-8000-000000000001"');
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    expect(html).toContain('<p>Hello');
  });

  it('drops sources that only look local: protocol-relative, backslashed, other paths, non-image data', () => {
    for (const src of [
      '//tracker.example/p.gif',
      '/\\tracker.example/p.gif',
      '/api/files/../users',
      '/app/logo.png',
      'pixel.gif',
      'data:text/html,<b>x</b>',
      'javascript:alert(1)',
    ]) {
      expect(stored(`<p>a<img src="${src}">b</p>`), src).toBe('<p>ab</p>');
    }
  });

  it('keeps remote http(s) images when the field allows them (remoteImages)', () => {
    const html = stored(`<p>${pixel} ${own}</p>`, { remoteImages: true });
    expect(html).toContain('src="https://tracker.example/pixel.gif"');
    expect(html).toContain('/api/files/');
    expect(stored('<img src="javascript:alert(1)">', { remoteImages: true })).toBe('');
  });

  it('keeps plain styles on spans but none that can name a URL', () => {
    expect(stored('<span style="color: #b00; font-weight: bold; background-image: url(https://tracker.example/p.gif)">x</span>')).toBe(
      '<span style="color:#b00;font-weight:bold">x</span>',
    );
    expect(stored('<span style="background: url(https://tracker.example/p.gif)">x</span>')).toBe('<span>x</span>');
  });

  it('still removes script', () => {
    expect(stored('<p onclick="x()">Hi<script>alert(1)</script><img src="data:image/png;base64,AA" onerror="alert(1)"></p>')).toBe(
      '<p>Hi<img src="data:image/png;base64,AA" /></p>',
    );
  });
});
