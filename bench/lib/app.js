// The Express 5 app under test: the same routes and bodies for every variant.
import express from 'express'

/**
 * counters.window: requests per route since the last `start`; counters.total: since boot;
 * counters.misses: requests whose session was not the expected one (should stay 0);
 * counters.inFlight: requests the server has taken and not yet ended (the session middleware ends a response
 * once its session is saved).
 * onStore: called with req.sessionStore once, so the child can report store occupancy.
 */
export function createApp({ session, flash, counters, onStore, prelude }) {
  const app = express()
  // Wrapped before the session middleware wraps res.end: this runs when it finally ends the response, after the
  // save, whether or not the client is still there. Each load waits until none is in flight before it starts,
  // so requests autocannon gave up on can never overlap the next ones of the same session.
  app.use((req, res, next) => {
    counters.inFlight++
    const end = res.end
    res.end = function endAfterSave(...args) {
      res.end = end
      counters.inFlight--
      return end.apply(this, args)
    }
    next()
  })
  if (prelude) app.use(prelude)
  const count = (route) => {
    counters.window[route]++
    counters.total[route]++
  }
  const miss = (route) => {
    counters.misses[route]++
  }

  if (session) {
    app.use(session)
    app.use(flash)
    app.get('/login', (req, res) => {
      onStore(req.sessionStore)
      req.session.user = 'alice'
      req.session.views = 0
      res.send('logged in')
    })
    app.get('/read', (req, res) => {
      count('read')
      const user = req.session.user
      if (user !== 'alice') miss('read')
      res.send(`hello ${user}`)
    })
    app.get('/write', (req, res) => {
      count('write')
      if (typeof req.session.views !== 'number') miss('write')
      req.session.views = (req.session.views ?? 0) + 1
      res.send('written')
    })
    // A set-then-read flash cycle: each request shows the message the previous one left, and leaves one.
    app.get('/flash', (req, res) => {
      count('flash')
      if (req.session.user !== 'alice') miss('flash')
      const shown = req.flash('info')
      req.flash('info', 'Saved!')
      res.send(`shown ${shown.length}`)
    })
    app.get('/new', (req, res) => {
      count('new')
      if (req.session.visited !== undefined) miss('new')
      req.session.visited = true
      res.send('welcome')
    })
    app.get('/views', (req, res) => {
      res.json({ views: req.session.views ?? null, user: req.session.user ?? null, visited: req.session.visited ?? null })
    })
  } else {
    app.get('/login', (req, res) => res.send('logged in'))
    app.get('/read', (req, res) => {
      count('read')
      res.send('hello alice')
    })
    app.get('/write', (req, res) => {
      count('write')
      res.send('written')
    })
    app.get('/flash', (req, res) => {
      count('flash')
      res.send('shown 1')
    })
    app.get('/new', (req, res) => {
      count('new')
      res.send('welcome')
    })
    app.get('/views', (req, res) => res.json({ views: null, user: null, visited: null }))
  }
  return app
}
