// libxml2's headers include ICU when libxml2 was built with it; that clashes with Foundation's own ICU
// module, and portalgen uses no libxml2 encoding API, so the ICU part is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlwriter.h>

/// `xmlFree` is a global function pointer, which Swift 6 treats as shared mutable state.
static inline void portal_xml_free(void *pointer) { xmlFree(pointer); }
