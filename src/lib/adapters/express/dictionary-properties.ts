import { IncomingMessage, ServerResponse } from 'node:http'

const PROBE = Symbol('sessionkit.shape')

// Express swaps the prototype of every request and response (Object.setPrototypeOf to its app's own), and V8
// shares no hidden class between objects past that point: each property a middleware then adds (req.session,
// req.flash, res.end, and Express's own req.params, req.route…) builds a new hidden class and copies its
// descriptors, several µs apiece, and leaves every later property access megamorphic. Kept as a dictionary
// instead, the object takes those additions and lookups cheaply. Objects whose prototype is still Node's own
// (node:http, connect) share hidden classes and are left alone; so is one of a class of the app's own
// (createServer's IncomingMessage option), which passes this check but shares hidden classes too, so V8
// undoes the probe by going back to the shared class (see below; tested).
function hasOwnPrototype(target: object, platform: object): boolean {
  return Object.getPrototypeOf(target) !== platform && Object.isExtensible(target)
}

/**
 * Turns an object whose hidden class is its own into dictionary mode, leaving no trace: a deleted property can
 * only be undone by going back to a shared parent class, and such an object has none, so V8 switches it. (An
 * object on a shared class just goes back to it, unchanged.) One addition rather than two: each costs a class.
 */
function toDictionaryProperties(target: object): void {
  // Reflect, in a try: a Proxy standing in for req or res may refuse the probe, which is only an optimization.
  try {
    if (Reflect.set(target, PROBE, undefined)) Reflect.deleteProperty(target, PROBE)
  } catch {
    // left as it is
  }
}

/** Makes the property additions of this request's middleware cheap (see above); a no-op outside Express. */
export function settleRequestShape(req: IncomingMessage, res: ServerResponse): void {
  if (hasOwnPrototype(req, IncomingMessage.prototype)) toDictionaryProperties(req)
  if (hasOwnPrototype(res, ServerResponse.prototype)) toDictionaryProperties(res)
}
