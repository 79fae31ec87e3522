// The pages that only show something: home and about.
import { Router } from 'express'
import { pageContext } from '../page-context.js'
import { aboutPage, homePage } from '../views/pages.js'

/** @returns {import('express').Router} */
export function pageRoutes() {
  const router = Router()
  router.get('/', (req, res) => {
    res.type('html').send(homePage(pageContext(req)))
  })
  router.get('/about', (req, res) => {
    res.type('html').send(aboutPage(pageContext(req)))
  })
  return router
}
