<?xml version="1.0" encoding="UTF-8"?>
<!-- A feed opened in a browser shows as a page: what a feed is, how to subscribe, the
     latest summaries. The feeds (Atom and RSS) name this stylesheet; feed readers
     ignore it. Nothing is loaded from anywhere: the styles are in the page. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <xsl:variable name="title" select="atom:feed/atom:title | rss/channel/title"/>
  <xsl:variable name="self" select="(atom:feed/atom:link[@rel='self'] | rss/channel/atom:link[@rel='self'])/@href"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (web feed)</title>
        <style>
          :root { color-scheme: light dark; --ink: #1f1f1f; --paper: #ffffff; --link: #00695c; --soft: #f2f7f6; }
          @media (prefers-color-scheme: dark) {
            :root { --ink: #e6e6e6; --paper: #1e2129; --link: #4db6ac; --soft: #262a33; }
          }
          body { margin: 0; font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--paper); }
          header { background: #00695c; color: #ffffff; padding: 1rem 1.2rem; }
          header p { margin: 0; }
          main { max-width: 42rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
          h1 { font-size: 1.6rem; line-height: 1.25; margin: 1rem 0; }
          a { color: var(--link); }
          .how { background: var(--soft); border-left: 0.25rem solid var(--link); padding: 0.6rem 1rem; }
          code { overflow-wrap: anywhere; font-size: 0.95em; }
          ol { padding-left: 1.2rem; }
          li { margin: 0.6rem 0; }
          .when { display: block; font-size: 0.9rem; opacity: 0.85; }
        </style>
      </head>
      <body>
        <header><p><strong>Web feed</strong></p></header>
        <main>
          <h1><xsl:value-of select="$title"/></h1>
          <div class="how">
            <p>This is a web feed: it lists new summaries as they are published, for a feed
            reader to fetch. To subscribe, copy this address into your feed reader
            (such as NetNewsWire, Feedly, Thunderbird or Inoreader):</p>
            <p><code id="feed-address"><xsl:value-of select="$self"/></code></p>
          </div>
          <h2>Latest summaries</h2>
          <ol>
            <xsl:apply-templates select="atom:feed/atom:entry | rss/channel/item"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link/@href}"><xsl:value-of select="atom:title"/></a>
      <span class="when"><xsl:value-of select="substring(atom:published, 1, 7)"/></span>
    </li>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <span class="when"><xsl:value-of select="substring(pubDate, 9, 8)"/></span>
    </li>
  </xsl:template>
</xsl:stylesheet>
