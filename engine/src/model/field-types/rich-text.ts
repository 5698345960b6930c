import sanitizeHtml from 'sanitize-html';

/**
 * The images rich text keeps by default: inline data, or a file uploaded to this server
 * (`/api/files/<id>`, same origin, and only that path: `//host` or `/\host` would leave it).
 * A remote image would be fetched by every reader's browser or mail client, telling its
 * host who read the text and when (a tracking pixel).
 */
const OWN_FILE = /^\/api\/files\/[0-9A-Za-z-]+$/;

function isKeptImage(src: string, remoteImages: boolean): boolean {
  const value = src.trim();
  if (/^data:image\//i.test(value) || OWN_FILE.test(value)) return true;
  return remoteImages && /^https?:\/\//i.test(value);
}

// Values that can name no URL, so a style attribute cannot fetch anything either (url(), image-set()).
const COLOR = /^(?:#[0-9a-f]{3,8}|(?:rgb|hsl)a?\([\d\s.,%/deg]*\)|[a-z]+)$/i;
const ALLOWED_STYLES: sanitizeHtml.IOptions['allowedStyles'] = {
  '*': {
    color: [COLOR],
    'background-color': [COLOR],
    'font-weight': [/^(?:normal|bold|bolder|lighter|\d{3})$/],
    'font-style': [/^(?:normal|italic|oblique)$/],
    'font-size': [/^(?:\d+(?:\.\d+)?(?:px|pt|em|rem|%)|[a-z-]+)$/],
    'text-decoration': [/^[a-z\s-]+$/],
    'text-align': [/^(?:left|right|center|justify|start|end)$/],
  },
};

function policy(remoteImages: boolean): sanitizeHtml.IOptions {
  return {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'h1', 'h2', 'span'],
    allowedAttributes: { a: ['href', 'title', 'target', 'rel'], img: ['src', 'alt', 'width', 'height'], span: ['style'], '*': ['class'] },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: remoteImages ? ['http', 'https', 'data'] : ['data'] },
    allowedStyles: ALLOWED_STYLES,
    // An image whose source is not kept goes whole: an <img> without src shows nothing.
    exclusiveFilter: (frame) => frame.tag === 'img' && !isKeptImage(frame.attribs.src ?? '', remoteImages),
  };
}

const POLICIES = { local: policy(false), remote: policy(true) };

/**
 * Rich text as stored: markup that could run script is gone, and so are images from other
 * hosts unless the field allows them (`remoteImages`).
 */
export function sanitizeRichText(html: string, options: { remoteImages?: boolean } = {}): string {
  return sanitizeHtml(html, options.remoteImages ? POLICIES.remote : POLICIES.local);
}
