"""WeChat channels: the Official Account (公众号) callback beside the web chat.

A WeChat conversation is an ordinary conversation of channel ``wechat`` keyed by OpenID, so
storage, de-duplication (by MsgId), hand-off and the staff console are the web chat's
(:mod:`api.relay`). This package adds only what is WeChat's own: the protocol
(:mod:`~api.wechat.protocol`), replies as WeChat text (:mod:`~api.wechat.rendering`), what a
digit or 「条款」 means (:mod:`~api.wechat.conversation`), the APIs with their shared access
token (:mod:`~api.wechat.customer_service`), the Official Account
(:mod:`~api.wechat.official_account`) and WeCom 微信客服 (:mod:`~api.wechat.wecom_service`) on a
common base (:mod:`~api.wechat.text_channel`); the callbacks are :mod:`api.routes.wechat`.

The protocol library is wechatpy 1.8.18, its stable line: it covers the Official Account's
signatures, AES safe mode, message parsing and the customer-service and token APIs, and
WeCom's crypto and token. Its 微信客服 methods (``kf/sync_msg``, ``kf/send_msg``) exist only in
the 2.0 pre-releases (2.0.0a26), so :mod:`~api.wechat.wecom_service` sends those two calls
through the stable WeCom client's generic ``post`` rather than pin an alpha for two endpoints.
"""
